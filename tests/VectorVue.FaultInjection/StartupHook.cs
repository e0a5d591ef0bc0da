using System.Diagnostics;
using VectorVue.FaultInjection;

/// <summary>
/// Run by the .NET runtime before <c>Main</c> of every process started with <c>DOTNET_STARTUP_HOOKS</c> naming this
/// assembly (the runtime requires this name, outside any namespace). See <see cref="InjectedFault"/>.
/// </summary>
#pragma warning disable CA1050 // The runtime finds a startup hook only as a type named StartupHook in no namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    private static ActivityListener? s_listener;

    public static void Initialize()
    {
        var marker = Environment.GetEnvironmentVariable(InjectedFault.MarkerVariable);
        if (string.IsNullOrEmpty(marker))
        {
            return;
        }

        s_listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "VectorVue.Telemetry",
            // Only makes the activities exist (so ActivityStarted sees them); recording stays the SDK's decision.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity =>
            {
                if (activity.Kind == ActivityKind.Consumer
                    && activity.TraceId.ToHexString().StartsWith(InjectedFault.TraceIdPrefix, StringComparison.Ordinal)
                    && File.Exists(marker))
                {
                    throw new InvalidOperationException($"{InjectedFault.Message} (trace {activity.TraceId}).");
                }
            },
        };
        ActivitySource.AddActivityListener(s_listener);
    }
}
