using Npgsql;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

public sealed class ConflictRetryTests
{
    private static PostgresException Failure(string sqlState) => new("failed", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("40P01", true)] // deadlock_detected
    [InlineData("40001", true)] // serialization_failure
    [InlineData("23505", false)] // unique_violation: about the data
    [InlineData("57P01", false)] // admin_shutdown: the server went away
    [InlineData("08006", false)] // connection_failure
    public void Only_deadlocks_and_serialization_failures_are_conflicts(string sqlState, bool conflict)
    {
        Assert.Equal(conflict, FailureClassifier.IsConflict(Failure(sqlState)));
        Assert.False(conflict && FailureClassifier.IsAboutTheData(Failure(sqlState)), "a conflict is never about the data");
    }

    [Fact]
    public void A_connection_failure_is_no_conflict() => Assert.False(FailureClassifier.IsConflict(new NpgsqlException("connection refused")));

    [Fact]
    public async Task A_write_that_deadlocks_runs_again_and_its_result_comes_back()
    {
        var runs = 0;
        var reported = new List<(int Attempt, string SqlState)>();

        var result = await ConflictRetry.RunAsync(
            _ => ++runs < 3 ? throw Failure("40P01") : Task.FromResult(42),
            maxAttempts: 5,
            (attempt, conflict) => reported.Add((attempt, conflict.SqlState)),
            CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, runs);
        Assert.Equal([(1, "40P01"), (2, "40P01")], reported);
    }

    [Fact]
    public async Task The_last_conflict_propagates_after_the_bounded_number_of_runs()
    {
        var runs = 0;
        var reported = 0;

        var thrown = await Assert.ThrowsAsync<PostgresException>(() => ConflictRetry.RunAsync<int>(
            _ => { runs++; throw Failure("40001"); }, maxAttempts: 3, (_, _) => reported++, CancellationToken.None));

        Assert.Equal("40001", thrown.SqlState);
        Assert.Equal(3, runs);
        Assert.Equal(2, reported);
    }

    [Theory]
    [InlineData("23514")] // check_violation: isolated by BatchIsolation instead
    [InlineData("57P01")] // the server went away: the drain loop's back-off handles it
    public async Task Any_other_failure_propagates_at_once(string sqlState)
    {
        var runs = 0;

        await Assert.ThrowsAsync<PostgresException>(() => ConflictRetry.RunAsync<int>(
            _ => { runs++; throw Failure(sqlState); }, maxAttempts: 5, (_, _) => Assert.Fail("not a conflict"), CancellationToken.None));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task The_token_reaches_every_run()
    {
        using var source = new CancellationTokenSource();
        var seen = new List<CancellationToken>();

        await ConflictRetry.RunAsync(
            token => { seen.Add(token); return seen.Count < 2 ? throw Failure("40P01") : Task.FromResult(0); },
            maxAttempts: 2, (_, _) => { }, source.Token);

        Assert.All(seen, token => Assert.Equal(source.Token, token));
    }
}
