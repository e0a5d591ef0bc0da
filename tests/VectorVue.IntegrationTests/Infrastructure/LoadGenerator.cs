using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A steady stream of single-event posts from a few concurrent senders (bounded in time by the caller), keeping
/// the id of every event that got 202 and counting every other answer. Connection failures are counted, not thrown:
/// the point is to keep sending through an outage. Stopping lets requests in flight finish (never cancels them),
/// so every event the server accepted is known to have been accepted.
/// </summary>
internal sealed class LoadGenerator(HttpClient client, int senders = 4, TimeSpan? pause = null) : IAsyncDisposable
{
    private const string Event = """{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "F-LOAD", "severity": "medium"}""";
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Guid> _accepted = [];
    private readonly ConcurrentDictionary<int, int> _otherStatuses = new();
    private readonly ConcurrentDictionary<string, int> _otherAnswers = new();
    private Task? _running;

    public IReadOnlyCollection<Guid> Accepted => _accepted;

    /// <summary>Non-202 answers by status code (0: no answer).</summary>
    public IReadOnlyDictionary<int, int> OtherStatuses => _otherStatuses;

    /// <summary>Non-202 answers by status and problem reason ("503 queue_full", "0 HttpRequestException"), for messages.</summary>
    public IReadOnlyDictionary<string, int> OtherAnswers => _otherAnswers;

    public override string ToString() =>
        $"{_accepted.Count} accepted; other answers: {(_otherAnswers.IsEmpty ? "none" : string.Join(", ", _otherAnswers.Select(a => $"{a.Value} × {a.Key}")))}";

    public void Start() =>
        _running = Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendLoopAsync(_stop.Token))));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TestTimeouts.Request);
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> more events have been accepted.</summary>
    /// <exception cref="TimeoutException">They were not, within <see cref="TestTimeouts.Delivery"/>; says what was answered instead.</exception>
    public async Task WaitForAcceptedAsync(int count)
    {
        var target = _accepted.Count + count;
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        try
        {
            while (_accepted.Count < target)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{count} more events were not accepted within {TestTimeouts.Delivery.TotalSeconds} s: {this}");
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var content = new StringContent(Event, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/v1/client/events", content, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var body = await JsonDocument.ParseAsync(
                        await response.Content.ReadAsStreamAsync(CancellationToken.None), cancellationToken: CancellationToken.None);
                    _accepted.Add(body.RootElement.GetProperty("event_id").GetGuid());
                }
                else
                {
                    _otherStatuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    _otherAnswers.AddOrUpdate($"{(int)response.StatusCode} {await ReasonAsync(response)}", 1, (_, n) => n + 1);
                    await Task.Delay(100, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                _otherStatuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                _otherAnswers.AddOrUpdate("0 " + ex.GetType().Name, 1, (_, n) => n + 1);
                await Task.Delay(100, CancellationToken.None);
            }

            if (pause is { } delay)
            {
                await Task.Delay(delay, CancellationToken.None);
            }
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
            return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
