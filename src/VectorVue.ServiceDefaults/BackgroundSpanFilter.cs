using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps housekeeping out of the trace list: a database or Redis call made outside any request or operation (a
/// background poll, a probe's query) would otherwise become a trace of its own — the API's queue-pressure poll made
/// four a second, burying the request traces. Such a span is a root (no parent, local or remote) of kind
/// <see cref="ActivityKind.Client"/> started by a library's instrumentation, not by a VectorVue service; it is dropped
/// before export. Calls made inside a request keep their parent and every span of that trace is kept; the services'
/// own operations (the migrator's run) are kept too.
/// </summary>
internal sealed class BackgroundSpanFilter(string applicationName) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (IsBackgroundCall(data))
        {
            // Export processors skip activities that are not recorded.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    internal bool IsBackgroundCall(Activity activity) =>
        activity.Kind == ActivityKind.Client
        && activity.ParentSpanId == default
        && !IsOwnSource(activity.Source.Name);

    private bool IsOwnSource(string source) =>
        source == VectorVueTelemetry.ActivitySourceName || source == applicationName;
}
