using System.Buffers;
using System.Text;
using System.Text.Json;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Turns a client's <c>metadata_json</c> object into what may be stored (docs/ingestion-contract.md, "Privacy"): keys
/// naming client identity or input are dropped, values holding an IP address or a user agent are dropped, at most 24
/// keys of at most 80 characters are kept, values are scalars (strings cut to 512 characters; nested values scrubbed
/// by the same rules, then stringified and cut). Control characters and numbers PostgreSQL could not store are
/// errors, not silently altered data.
/// </summary>
internal static class MetadataSanitizer
{
    public const int MaxKeys = 24;
    public const int MaxKeyLength = 80;
    public const int MaxStringLength = 512;

    public static SanitizedMetadata Sanitize(JsonElement metadata)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var errors = new List<string>();
        var dropped = 0;
        var kept = 0;

        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in metadata.EnumerateObject())
            {
                var key = property.Name;
                if (HasControlCharacter(key))
                {
                    errors.Add("metadata_json keys must not contain control characters.");
                    continue;
                }

                if (key.Length > MaxKeyLength || ClientIdentity.IsSensitiveKey(key) || kept == MaxKeys)
                {
                    dropped++;
                    continue;
                }

                if (!TryWriteValue(writer, key, property.Value, errors, ref dropped))
                {
                    continue;
                }

                kept++;
            }

            writer.WriteEndObject();
        }

        return new SanitizedMetadata(Encoding.UTF8.GetString(buffer.WrittenSpan), dropped, errors);
    }

    private static bool TryWriteValue(Utf8JsonWriter writer, string key, JsonElement value, List<string> errors, ref int dropped)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (HasControlCharacter(text))
                {
                    errors.Add($"metadata_json['{key}'] must not contain control characters.");
                    return false;
                }

                if (ClientIdentity.IsSensitiveValue(text))
                {
                    dropped++;
                    return false;
                }

                writer.WriteString(key, Truncate(text));
                return true;
            case JsonValueKind.Number:
                if (!StorableNumber.IsStorable(value))
                {
                    errors.Add($"metadata_json['{key}'] {StorableNumber.Rule}.");
                    return false;
                }

                writer.WritePropertyName(key);
                value.WriteTo(writer);
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBoolean(key, value.GetBoolean());
                return true;
            case JsonValueKind.Null:
                writer.WriteNull(key);
                return true;
            default:
                // Nested objects and arrays are kept as text, so stored metadata stays flat and bounded; the same
                // privacy rules apply inside them before they are turned into text.
                writer.WriteString(key, Truncate(ScrubNested(value)));
                return true;
        }
    }

    private static string ScrubNested(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteScrubbed(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteScrubbed(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    if (ClientIdentity.IsSensitiveKey(property.Name) || IsSensitiveString(property.Value))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    WriteScrubbed(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    if (!IsSensitiveString(item))
                    {
                        WriteScrubbed(writer, item);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static bool IsSensitiveString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && ClientIdentity.IsSensitiveValue(value.GetString()!);

    private static string Truncate(string text)
    {
        if (text.Length <= MaxStringLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[MaxStringLength - 1]) ? MaxStringLength - 1 : MaxStringLength;
        return text[..length];
    }

    internal static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
