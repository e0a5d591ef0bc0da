using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// The steps both ingestion endpoints take, in the order a request meets them: the caller, its parse budget and the
/// JSON body (<see cref="ReadAsync"/>), the field rules, admission under the limits and into the queue in one step
/// (<see cref="EventAdmission"/>), and the charge for what was read and refused (<see cref="ChargeRefusedWork"/>).
/// </summary>
internal sealed class IngestionPipeline(
    CallerResolver callers,
    ParseBudget parseBudget,
    JsonBodyReader bodies,
    ClientEventParser parser,
    EventAdmission admission,
    IngestionMetrics metrics,
    IOptions<IngestionOptions> options,
    IOptions<RateLimitOptions> rateLimits,
    TimeProvider timeProvider)
{
    public ClientEventParser Parser => parser;

    public EventAdmission Admission => admission;

    public IngestionMetrics Metrics => metrics;

    public IngestionOptions Limits => options.Value;

    /// <summary>
    /// Notes when the request arrived, then resolves the caller, refuses it unread while its parse budget is spent
    /// (429), and reads a JSON body of at most <paramref name="bodyLimit"/> bytes nested at most
    /// <paramref name="maxDepth"/> deep.
    /// </summary>
    public async Task<Outcome<IngestionRequest>> ReadAsync(HttpContext http, int bodyLimit, int maxDepth, CancellationToken cancellationToken)
    {
        var receivedAt = timeProvider.GetUtcNow();
        var resolved = await callers.ResolveAsync(http, metrics, cancellationToken);
        if (resolved.Failed)
        {
            return resolved.Problem!;
        }

        var caller = resolved.Value!;
        if (parseBudget.WaitFor(caller.TenantId, caller.Username) is var wait && wait > TimeSpan.Zero)
        {
            return ParseBudgetSpent(http.Response, caller.TenantId, wait);
        }

        var (document, bytesRead) = await bodies.ReadAsync(http.Request, bodyLimit, maxDepth, caller, cancellationToken);
        http.Features.Set(new BodyRead(caller.TenantId, caller.Username, bytesRead));
        if (document.Failed)
        {
            return document.Problem!;
        }

        return new IngestionRequest(caller, document.Value!, receivedAt);
    }

    /// <summary>
    /// Once the answer is known, charges the caller's parse budget with the share of the body it read and refused
    /// (<see cref="RefusedWork"/>). The success path costs nothing here: no share, no charge.
    /// </summary>
    public void ChargeRefusedWork(HttpContext http, IResult result)
    {
        if (http.Features.Get<BodyRead>() is { } body && RefusedWork.Share(result) is var share && share > 0)
        {
            parseBudget.Charge(body.TenantId, body.Username, (long)Math.Ceiling(body.Bytes * share));
        }
    }

    private ProblemHttpResult ParseBudgetSpent(HttpResponse response, Guid tenantId, TimeSpan wait)
    {
        metrics.RateLimited(tenantId, ParseBudget.Scope, events: 1);
        var seconds = RateLimitHeaders.Seconds(wait);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return IngestionProblems.ParseBudgetSpent(rateLimits.Value.ParseBudgetBytes, rateLimits.Value.Window, seconds);
    }
}
