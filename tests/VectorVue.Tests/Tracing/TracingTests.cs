using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace VectorVue.Tests.Tracing;

public sealed class TracingTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private readonly ActivitySource _redis = new("OpenTelemetry.Instrumentation.StackExchangeRedis");
    private readonly ActivitySource _own = new(VectorVueTelemetry.ActivitySourceName);
    private readonly ActivitySource _app = new("VectorVue.MigrationService");
    private readonly BackgroundSpanFilter _filter = new("VectorVue.MigrationService");

    public TracingTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void A_library_call_outside_any_operation_is_dropped()
    {
        using var poll = _redis.StartActivity("XLEN", ActivityKind.Client)!;

        _filter.OnEnd(poll);

        Assert.False(poll.Recorded);
    }

    [Fact]
    public void A_library_call_inside_a_request_is_kept()
    {
        using var request = _own.StartActivity("POST /api/v1/client/events", ActivityKind.Server)!;
        using var call = _redis.StartActivity("EVALSHA", ActivityKind.Client)!;

        _filter.OnEnd(call);
        _filter.OnEnd(request);

        Assert.True(call.Recorded);
        Assert.True(request.Recorded);
    }

    [Fact]
    public void A_call_continuing_a_remote_trace_is_kept()
    {
        var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        using var call = _redis.StartActivity("XACK", ActivityKind.Client, remote)!;

        _filter.OnEnd(call);

        Assert.True(call.Recorded);
    }

    [Fact]
    public void The_services_own_operations_are_kept_even_as_roots()
    {
        using var migrating = _app.StartActivity("Migrating database", ActivityKind.Client)!;
        using var own = _own.StartActivity("publish vectorvue:events", ActivityKind.Client)!;

        _filter.OnEnd(migrating);
        _filter.OnEnd(own);

        Assert.True(migrating.Recorded);
        Assert.True(own.Recorded);
    }

    [Theory]
    [InlineData(null, true, 1.0)]
    [InlineData(null, false, TracingOptions.ProductionSampleRatio)]
    [InlineData(0.25, true, 0.25)]
    [InlineData(0.0, false, 0.0)]
    public void Every_trace_is_kept_in_development_and_a_tenth_elsewhere_unless_configured(double? configured, bool development, double expected) =>
        Assert.Equal(expected, new TracingOptions { SampleRatio = configured }.EffectiveSampleRatio(development));

    public void Dispose()
    {
        _listener.Dispose();
        _redis.Dispose();
        _own.Dispose();
        _app.Dispose();
    }
}
