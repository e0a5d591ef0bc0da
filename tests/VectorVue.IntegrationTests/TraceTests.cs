using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>What a developer sees in the dashboard's trace list: the requests, not the housekeeping.</summary>
[Collection(SharedAppGroup.Name)]
public sealed class TraceTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task Background_polling_and_probes_make_no_root_traces()
    {
        // Let every background loop run many times — the API's queue-pressure poll (4 a second), the worker's reads
        // and maintenance, health probes — measured by the services' metric exports meanwhile (one a second each).
        var exports = fixture.Telemetry.ExportCount("metrics");
        using var timeout = new CancellationTokenSource(TestTimeouts.Startup);
        while (fixture.Telemetry.ExportCount("metrics") < exports + 30)
        {
            await Task.Delay(200, timeout.Token);
        }

        // A database or Redis call outside any request is housekeeping; the services' own operations (the
        // migrator's run, from a VectorVue activity source) are not.
        var background = fixture.Telemetry.Spans()
            .Where(span => span.IsRoot && span.Kind == ExportedSpan.Client && !span.Scope.StartsWith("VectorVue", StringComparison.Ordinal))
            .GroupBy(span => $"{span.Service}: {span.Scope} {span.Name}")
            .Select(group => $"{group.Key} ×{group.Count()}")
            .ToList();
        Assert.True(background.Count == 0, "root traces of background work:\n" + string.Join('\n', background));
    }
}
