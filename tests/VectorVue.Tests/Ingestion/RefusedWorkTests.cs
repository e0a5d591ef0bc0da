using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Ingestion;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.Tests.Ingestion;

/// <summary>Which share of a read body is charged to the caller's parse budget, by the answer it got.</summary>
public sealed class RefusedWorkTests
{
    public static TheoryData<string, IResult, double> Answers() => new()
    {
        { "malformed JSON", IngestionProblems.MalformedJson("bad"), 1 },
        { "too large", IngestionProblems.BodyTooLarge(1024), 1 },
        { "not JSON", IngestionProblems.UnsupportedMediaType("text/xml"), 1 },
        { "invalid fields", IngestionProblems.InvalidFields(new Dictionary<string, string[]> { ["event_type"] = ["x"] }), 1 },
        { "over a limit", IngestionProblems.RateLimited("user", 120, TimeSpan.FromMinutes(1), 5), 1 },
        { "refused unread by the parse budget", IngestionProblems.ParseBudgetSpent(1024, TimeSpan.FromMinutes(1), 5), 0 },
        { "the queue is unavailable", ApiProblems.Unavailable(new DefaultHttpContext().Response, "down", RejectionReason.QueueUnavailable, 5), 0 },
        { "one accepted event", TypedResults.Accepted((string?)null, new AcceptedEvent(true, Guid.NewGuid())), 0 },
        { "a batch, one of four events invalid", Batch("accepted", "accepted", RejectionReason.InvalidFields, "accepted"), 0.25 },
        { "a batch, one event the queue did not take", Batch("accepted", RejectionReason.QueueUnavailable), 0 },
        { "a batch, all accepted", Batch("accepted", "accepted"), 0 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_share_charged_is_what_was_refused_because_of_the_request(string @case, IResult answer, double share)
    {
        Assert.True(share == RefusedWork.Share(answer), $"{@case}: {RefusedWork.Share(answer)}");
    }

    [Fact]
    public void A_parse_budget_refusal_is_a_rate_limit_refusal_with_its_own_scope()
    {
        var problem = IngestionProblems.ParseBudgetSpent(4096, TimeSpan.FromMinutes(1), 7);

        Assert.Equal(StatusCodes.Status429TooManyRequests, problem.StatusCode);
        Assert.Equal(RejectionReason.RateLimited, problem.ProblemDetails.Extensions["reason"]);
        Assert.Equal(ParseBudget.Scope, problem.ProblemDetails.Extensions["scope"]);
        Assert.Contains("retry after 7 s", problem.ProblemDetails.Detail);
    }

    private static Accepted<BatchAccepted> Batch(params string[] outcomes)
    {
        var results = outcomes.Select((outcome, i) => outcome == "accepted"
            ? new BatchEventResult(i, BatchEventResult.AcceptedStatus, EventId: Guid.NewGuid())
            : new BatchEventResult(i, BatchEventResult.RejectedStatus, Reason: outcome)).ToList();
        var accepted = results.Count(r => r.Status == BatchEventResult.AcceptedStatus);
        return TypedResults.Accepted((string?)null, new BatchAccepted(accepted, results.Count - accepted, results));
    }
}
