using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Reads a request body up to a limit, and tells which content types carry an event.</summary>
internal static class RequestBodyReader
{
    /// <summary>JSON, or <c>text/plain</c> holding JSON as <c>navigator.sendBeacon</c> sends it with a string body.</summary>
    public static bool IsJsonContent(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var type = mediaType.MediaType;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <returns>
    /// The body, or null when it is longer than <paramref name="limit"/> bytes; and how many bytes were read to find
    /// out (none when the declared length is already over the limit).
    /// </returns>
    public static async Task<(ReadOnlyMemory<byte>? Body, int BytesRead)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, 0);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 1024, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return (buffer.WrittenMemory, buffer.WrittenCount);
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return (null, buffer.WrittenCount);
            }
        }
    }
}
