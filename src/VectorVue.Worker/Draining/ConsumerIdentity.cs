using Microsoft.Extensions.Options;

namespace VectorVue.Worker.Draining;

/// <summary>
/// This process's names in the consumer group: one per drain loop (<see cref="WorkerOptions.Consumers"/>),
/// <c>&lt;name&gt;-1</c>, <c>&lt;name&gt;-2</c>…, or just the name with a single loop.
/// </summary>
internal sealed class ConsumerIdentity(IOptions<WorkerOptions> options)
{
    public string Name { get; } = options.Value.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";

    public IReadOnlyList<string> Names => options.Value.Consumers == 1
        ? [Name]
        : [.. Enumerable.Range(1, options.Value.Consumers).Select(i => $"{Name}-{i}")];
}
