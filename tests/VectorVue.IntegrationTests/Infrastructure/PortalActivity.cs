using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VectorVue.Contracts;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>A hand-built history of portal events, sent through the real batch endpoint.</summary>
public sealed class PortalActivity
{
    private readonly List<string> _events = [];

    public PortalActivity Add(string eventType, string? objectId, string? severity, DateTimeOffset timestamp)
    {
        var objectType = EventTypes.ObjectTypeOf(eventType);
        _events.Add(JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["event_type"] = eventType,
            ["object_type"] = objectType,
            ["object_id"] = objectId,
            ["severity"] = severity,
            ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        }));
        return this;
    }

    public PortalActivity Viewed(string finding, string? severity, DateTimeOffset at) => Add(EventTypes.FindingViewed, finding, severity, at);

    public PortalActivity Acknowledged(string finding, DateTimeOffset at) => Add(EventTypes.FindingAcknowledged, finding, null, at);

    public PortalActivity Opened(string remediation, string? severity, DateTimeOffset at) => Add(EventTypes.RemediationOpened, remediation, severity, at);

    public PortalActivity Completed(string remediation, DateTimeOffset at) => Add(EventTypes.RemediationCompleted, remediation, null, at);

    /// <summary>Sends every event (in batches of 100) and returns the accepted ids.</summary>
    public async Task<List<Guid>> SendAsync(HttpClient client)
    {
        var accepted = new List<Guid>();
        foreach (var chunk in _events.Chunk(100))
        {
            using var response = await client.PostAsync("/api/v1/client/events/batch",
                new StringContent("{\"events\": [" + string.Join(',', chunk) + "]}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
            foreach (var result in results.EnumerateArray())
            {
                Assert.Equal("accepted", result.GetProperty("status").GetString());
                accepted.Add(result.GetProperty("event_id").GetGuid());
            }
        }

        return accepted;
    }
}
