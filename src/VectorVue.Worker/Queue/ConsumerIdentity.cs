using Microsoft.Extensions.Options;

namespace VectorVue.Worker.Queue;

/// <summary>This process's name in the consumer group.</summary>
internal sealed class ConsumerIdentity(IOptions<WorkerOptions> options)
{
    public string Name { get; } = options.Value.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}
