using System.Collections.Concurrent;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>At most one run of an operation per key at a time: whoever asks while it runs shares its result.</summary>
internal sealed class SingleFlight<TKey, TResult> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TResult>> _running = new();

    /// <summary>The run of <paramref name="operation"/> for <paramref name="key"/> in flight, or a new one.</summary>
    public Task<TResult> RunAsync(TKey key, Func<TKey, Task<TResult>> operation)
    {
        while (true)
        {
            if (_running.TryGetValue(key, out var running))
            {
                return running;
            }

            var run = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running.TryAdd(key, run.Task))
            {
                _ = CompleteAsync(key, run, operation);
                return run.Task;
            }
        }
    }

    private async Task CompleteAsync(TKey key, TaskCompletionSource<TResult> run, Func<TKey, Task<TResult>> operation)
    {
        try
        {
            var result = await operation(key);
            _running.TryRemove(new KeyValuePair<TKey, Task<TResult>>(key, run.Task));
            run.SetResult(result);
        }
        catch (Exception ex)
        {
            _running.TryRemove(new KeyValuePair<TKey, Task<TResult>>(key, run.Task));
            run.SetException(ex);
        }
    }
}
