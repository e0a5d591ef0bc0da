using System.Buffers;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace VectorVue.Worker.DeadLetters;

/// <summary>A stream entry's fields as a JSON object, so a dead letter keeps exactly what was queued and can be re-queued.</summary>
internal static class EntryPayload
{
    public static string ToJson(NameValueEntry[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
            {
                writer.WriteString((string)field.Name!, (string?)field.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static NameValueEntry[] FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => new NameValueEntry(p.Name, p.Value.GetString()))];
    }
}
