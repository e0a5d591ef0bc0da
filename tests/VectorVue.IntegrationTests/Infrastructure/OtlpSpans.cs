using System.Text;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>One span as exported over OTLP: which service, which scope, its name and kind, and whether it has a parent.</summary>
public sealed record ExportedSpan(string Service, string Scope, string Name, int Kind, bool IsRoot, string TraceId)
{
    public const int Server = 2;
    public const int Client = 3;
}

/// <summary>
/// Reads the spans out of OTLP/HTTP protobuf trace exports (<c>ExportTraceServiceRequest</c>), just the fields the
/// tests look at. The wire format is small enough to read by hand: varints, length-delimited fields and fixed-size
/// numbers; everything else is skipped.
/// </summary>
public static class OtlpSpans
{
    public static IReadOnlyList<ExportedSpan> Parse(byte[] exportRequest)
    {
        var spans = new List<ExportedSpan>();
        foreach (var (field, resourceSpans) in Fields(exportRequest))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "";
            var scopes = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1)
                {
                    service = ServiceName(value) ?? service;
                }
                else if (f == 2)
                {
                    scopes.Add(value);
                }
            }

            foreach (var scopeSpans in scopes)
            {
                ReadScope(scopeSpans, service, spans);
            }
        }

        return spans;
    }

    private static void ReadScope(byte[] scopeSpans, string service, List<ExportedSpan> spans)
    {
        var scope = "";
        foreach (var (f, value) in Fields(scopeSpans))
        {
            if (f == 1)
            {
                scope = Fields(value).Where(s => s.Field == 1).Select(s => Encoding.UTF8.GetString(s.Value)).FirstOrDefault() ?? "";
            }
            else if (f == 2)
            {
                string name = "", traceId = "";
                var kind = 0;
                var hasParent = false;
                foreach (var (sf, sv) in FieldsWithVarints(value))
                {
                    switch (sf)
                    {
                        case 1: traceId = Convert.ToHexStringLower(sv.Bytes!); break;
                        case 4: hasParent = sv.Bytes!.Length > 0; break;
                        case 5: name = Encoding.UTF8.GetString(sv.Bytes!); break;
                        case 6: kind = (int)sv.Number; break;
                    }
                }

                spans.Add(new ExportedSpan(service, scope, name, kind, !hasParent, traceId));
            }
        }
    }

    private static string? ServiceName(byte[] resource)
    {
        foreach (var (f, keyValue) in Fields(resource))
        {
            if (f != 1)
            {
                continue;
            }

            var parts = Fields(keyValue).ToList();
            var key = parts.Where(p => p.Field == 1).Select(p => Encoding.UTF8.GetString(p.Value)).FirstOrDefault();
            if (key == "service.name")
            {
                var anyValue = parts.First(p => p.Field == 2).Value;
                return Fields(anyValue).Where(p => p.Field == 1).Select(p => Encoding.UTF8.GetString(p.Value)).FirstOrDefault();
            }
        }

        return null;
    }

    /// <summary>The length-delimited fields of a message.</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message) =>
        FieldsWithVarints(message).Where(f => f.Value.Bytes is not null).Select(f => (f.Field, f.Value.Bytes!));

    private static IEnumerable<(int Field, (byte[]? Bytes, ulong Number) Value)> FieldsWithVarints(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return (field, (null, ReadVarint(message, ref position)));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (field, (message[position..(position + length)], 0));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {key & 7}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
