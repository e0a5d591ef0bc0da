namespace VectorVue.FaultInjection;

/// <summary>
/// The fault the end-to-end tests can inject into a running worker, through a .NET startup hook
/// (<c>DOTNET_STARTUP_HOOKS</c>, <see cref="StartupHook"/>) rather than through any seam in the worker's code: while
/// the file named by <see cref="MarkerVariable"/> exists, the worker throws an <see cref="InvalidOperationException"/>
/// — an exception its drain loop does not handle — when it starts processing an entry whose trace id begins with
/// <see cref="TraceIdPrefix"/>. Entries of any other trace, and every other process, are untouched.
/// </summary>
public static class InjectedFault
{
    /// <summary>Environment variable naming the marker file; without it the hook does nothing.</summary>
    public const string MarkerVariable = "VECTORVUE_FAULT_MARKER";

    /// <summary>The first hex digits of the trace id (an entry's <c>traceparent</c>) that trips the fault.</summary>
    public const string TraceIdPrefix = "0badc0de";

    public const string Message = "Fault injected by the tests' startup hook";

    /// <summary>Path of this assembly, for <c>DOTNET_STARTUP_HOOKS</c>.</summary>
    public static string AssemblyPath => typeof(InjectedFault).Assembly.Location;
}
