using System.Globalization;
using System.Net;
using System.Text;
using VectorVue.Contracts;

namespace VectorVue.Bench.Load;

/// <summary>
/// Prepared HTTP/1.1 requests, one per token (spread over many tenants and users) and body variant, so the load
/// generator sends bytes without building anything per request. <see cref="EventsPerRequest"/> is how many events
/// one request carries (1 for the single-event endpoint, 100 for a full batch).
/// </summary>
internal sealed class RequestSet
{
    public const string SinglePath = "/api/v1/client/events";
    public const string BatchPath = "/api/v1/client/events/batch";

    // The event types the bench cycles through: the mix its reference runs were measured with.
    private static readonly string[] EventTypeMix =
        [EventTypes.FindingViewed, EventTypes.FindingAcknowledged, EventTypes.RemediationOpened, EventTypes.ReportDownloaded, EventTypes.DashboardViewed];

    private RequestSet(byte[][] requests, int eventsPerRequest)
    {
        Requests = requests;
        EventsPerRequest = eventsPerRequest;
    }

    public byte[][] Requests { get; }

    public int EventsPerRequest { get; }

    /// <summary>Portal-shaped single events (the fields the real portal sends, with a small metadata object).</summary>
    public static RequestSet Single(IPEndPoint endpoint, IReadOnlyList<string> tokens, DateTimeOffset now)
    {
        var requests = new List<byte[]>();
        for (var t = 0; t < tokens.Count; t++)
        {
            for (var v = 0; v < 4; v++)
            {
                var body = EventJson(t * 4 + v, now);
                requests.Add(Build(endpoint, SinglePath, tokens[t], body));
            }
        }

        return new RequestSet([.. requests], 1);
    }

    /// <summary>Batches of <paramref name="eventsPerBatch"/> events each, with <c>sent_at</c>.</summary>
    public static RequestSet Batch(IPEndPoint endpoint, IReadOnlyList<string> tokens, DateTimeOffset now, int eventsPerBatch)
    {
        var requests = new byte[tokens.Count][];
        for (var t = 0; t < tokens.Count; t++)
        {
            var body = new StringBuilder("{\"sent_at\":\"").Append(Iso(now)).Append("\",\"events\":[");
            for (var e = 0; e < eventsPerBatch; e++)
            {
                body.Append(e == 0 ? "" : ",").Append(EventJson(t * eventsPerBatch + e, now));
            }

            requests[t] = Build(endpoint, BatchPath, tokens[t], body.Append("]}").ToString());
        }

        return new RequestSet(requests, eventsPerBatch);
    }

    private static string EventJson(int n, DateTimeOffset now)
    {
        var eventType = EventTypeMix[n % EventTypeMix.Length];
        var objectType = EventTypes.ObjectTypeOf(eventType);
        var severity = objectType == ObjectTypes.Finding ? "\"" + Severities.All[n % Severities.All.Count] + "\"" : "null";
        var inv = CultureInfo.InvariantCulture;
        return "{\"event_type\":\"" + eventType + "\",\"object_type\":\"" + objectType
            + "\",\"object_id\":\"VV-2026-" + (n % 10000).ToString("0000", inv) + "\",\"severity\":" + severity
            + ",\"timestamp\":\"" + Iso(now.AddSeconds(-(n % 600))) + "\",\"metadata_json\":{\"page\":\"findings\",\"view\":\"detail\",\"position\":"
            + (n % 50).ToString(inv) + ",\"bulk\":false}}";
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static byte[] Build(IPEndPoint endpoint, string path, string token, string body)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var head = string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {endpoint}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. bodyBytes];
    }
}
