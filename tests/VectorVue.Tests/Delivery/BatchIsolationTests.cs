using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

public sealed class BatchIsolationTests
{
    [Fact]
    public async Task A_batch_the_store_takes_is_stored_in_one_commit()
    {
        var store = new RefusingStore(refused: []);

        var result = await IsolateAsync(Entries(8), store);

        Assert.Empty(result.Refused);
        Assert.Equal(1, result.Attempts);
        Assert.Equal([Entries(8)], store.Committed);
    }

    [Fact]
    public async Task An_empty_batch_takes_no_commit() =>
        Assert.Equal(0, (await IsolateAsync([], new RefusingStore(refused: []))).Attempts);

    [Fact]
    public async Task One_refused_entry_is_isolated_by_halving_and_every_other_entry_is_stored()
    {
        var store = new RefusingStore(refused: [5]);

        var result = await IsolateAsync(Entries(8), store);

        Assert.Equal([5], result.Refused.Select(r => r.Entry));
        Assert.All(result.Refused, r => Assert.Equal("refused 5", r.Refusal.Message));
        // 0-7 refused; 0-3 stored; 4-7 refused; 4-5 refused; 4 stored; 5 refused alone; 6-7 stored.
        Assert.Equal(7, result.Attempts);
        Assert.Equal([[0, 1, 2, 3], [4], [6, 7]], store.Committed);
    }

    [Theory]
    [InlineData(1, new[] { 0 }, 1)]
    [InlineData(2, new[] { 0, 1 }, 3)]
    [InlineData(7, new[] { 0, 6 }, 9)]
    [InlineData(10, new[] { 2, 3, 9 }, 15)]
    [InlineData(4, new[] { 0, 1, 2, 3 }, 7)]
    [InlineData(1000, new[] { 0, 499, 500, 999 }, 67)]
    public async Task Exactly_the_refused_entries_are_isolated_and_all_others_stored_once(int count, int[] refusedEntries, int attempts)
    {
        var store = new RefusingStore(refusedEntries);

        var result = await IsolateAsync(Entries(count), store);

        Assert.Equal(refusedEntries, result.Refused.Select(r => r.Entry));
        var stored = store.Committed.SelectMany(part => part).ToList();
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(Entries(count).Except(refusedEntries), stored.Order());
        Assert.Equal(attempts, result.Attempts);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_refusal_propagates_and_stores_nothing_more()
    {
        var store = new RefusingStore(refused: [1], failOnCommit: 5);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => IsolateAsync(Entries(4), store));

        // 0-3 refused; 0-1 refused; 0 stored; 1 refused alone; then the commit of 2-3 fails.
        Assert.Equal("commit 5", failure.Message);
        Assert.Equal([[0]], store.Committed);
    }

    [Fact]
    public async Task A_refusal_the_predicate_rejects_is_not_split_but_propagates()
    {
        var store = new RefusingStore(refused: [2]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => BatchIsolation.StoreAsync<int, InvalidOperationException>(
            Entries(4), store.CommitAsync, _ => false, CancellationToken.None));

        Assert.Empty(store.Committed);
    }

    [Fact]
    public async Task Every_commit_gets_the_callers_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = new List<CancellationToken>();
        var store = new RefusingStore(refused: [0]);

        await BatchIsolation.StoreAsync<int, InvalidOperationException>(Entries(2), (part, token) =>
        {
            seen.Add(token);
            return store.CommitAsync(part, token);
        }, _ => true, cancellation.Token);

        Assert.Equal(3, seen.Count);
        Assert.All(seen, token => Assert.Equal(cancellation.Token, token));
    }

    private static int[] Entries(int count) => [.. Enumerable.Range(0, count)];

    private static Task<IsolationResult<int, InvalidOperationException>> IsolateAsync(int[] batch, RefusingStore store) =>
        BatchIsolation.StoreAsync<int, InvalidOperationException>(batch, store.CommitAsync, _ => true, CancellationToken.None);

    /// <summary>A store that refuses any part holding one of <paramref name="refused"/>, naming the first of them, as a table with a CHECK would.</summary>
    private sealed class RefusingStore(int[] refused, int? failOnCommit = null)
    {
        private int _commits;

        public List<int[]> Committed { get; } = [];

        public Task CommitAsync(IReadOnlyList<int> part, CancellationToken cancellationToken)
        {
            if (++_commits == failOnCommit)
            {
                throw new TimeoutException($"commit {_commits}");
            }

            if (part.FirstOrDefault(refused.Contains, -1) is var bad and >= 0)
            {
                throw new InvalidOperationException($"refused {bad}");
            }

            Committed.Add([.. part]);
            return Task.CompletedTask;
        }
    }
}
