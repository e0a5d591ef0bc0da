namespace VectorVue.Worker.Draining;

/// <summary>
/// Stores a batch through a store that may refuse some items for what they hold: a refused part is split in
/// halves, each stored the same way, until every refused item stands alone. Every other item ends up in a part
/// that was stored; each refused item comes back with its refusal. Any other failure propagates at once: what was
/// not stored by then is neither stored nor refused. The worker isolates events, not entries: one event of a batch
/// entry can be refused while the others are stored.
/// </summary>
internal static class BatchIsolation
{
    /// <param name="batch">The entries, in order; parts keep that order and are stored first half first.</param>
    /// <param name="store">Stores a part whole or throws (one transaction per call).</param>
    /// <param name="isRefusal">Whether a failure is about the entries (so splitting can isolate them).</param>
    /// <param name="cancellationToken">Passed to every call of <paramref name="store"/>.</param>
    public static async Task<IsolationResult<TEntry, TRefusal>> StoreAsync<TEntry, TRefusal>(
        IReadOnlyList<TEntry> batch,
        Func<IReadOnlyList<TEntry>, CancellationToken, Task> store,
        Func<TRefusal, bool> isRefusal,
        CancellationToken cancellationToken)
        where TRefusal : Exception
    {
        var refused = new List<(TEntry Entry, TRefusal Refusal)>();
        var attempts = 0;
        await StorePartAsync(new ArraySegment<TEntry>(batch as TEntry[] ?? [.. batch]));
        return new IsolationResult<TEntry, TRefusal>(refused, attempts);

        async Task StorePartAsync(ArraySegment<TEntry> part)
        {
            if (part.Count == 0)
            {
                return;
            }

            try
            {
                attempts++;
                await store(part, cancellationToken);
            }
            catch (TRefusal ex) when (isRefusal(ex))
            {
                if (part.Count == 1)
                {
                    refused.Add((part[0], ex));
                    return;
                }

                var half = part.Count / 2;
                await StorePartAsync(part[..half]);
                await StorePartAsync(part[half..]);
            }
        }
    }
}

/// <summary>What <see cref="BatchIsolation"/> could not store, and how many stores (transactions) it tried.</summary>
internal sealed record IsolationResult<TEntry, TRefusal>(IReadOnlyList<(TEntry Entry, TRefusal Refusal)> Refused, int Attempts);
