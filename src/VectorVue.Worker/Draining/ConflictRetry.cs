using Npgsql;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Runs a write again, at once, when PostgreSQL aborted it for a conflict with a concurrent transaction
/// (<see cref="FailureClassifier.IsConflict"/>): two workers storing events of the same finding or day can deadlock
/// now and then, and the transaction that lost is rolled back whole, so running it again is safe and almost always
/// succeeds. A bounded number of runs; the last conflict, and any other failure, propagates.
/// </summary>
internal static class ConflictRetry
{
    /// <param name="write">One transaction, run again as it is after a conflict.</param>
    /// <param name="maxAttempts">Most runs of <paramref name="write"/>.</param>
    /// <param name="onConflict">Called before each retry with the attempt that failed and its conflict.</param>
    /// <param name="cancellationToken">Passed to every run.</param>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> write, int maxAttempts, Action<int, PostgresException> onConflict, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(cancellationToken);
            }
            catch (PostgresException ex) when (FailureClassifier.IsConflict(ex) && attempt < maxAttempts)
            {
                onConflict(attempt, ex);
            }
        }
    }
}
