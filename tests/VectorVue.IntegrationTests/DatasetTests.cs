using System.Globalization;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The dataset builder (the datasets program, <c>make datasets</c>) over <c>analytics.events</c>: feature sets per
/// window with a reproducible <c>dataset_hash</c>, rebuilt when their events change, exported as CSV.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class DatasetTests(VectorVueAppFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(DateTime.UtcNow.Date.AddDays(-2), TimeSpan.Zero);
    private static readonly DateTimeOffset End = T0.AddDays(1);

    [Fact]
    public async Task Same_events_give_the_same_hash_and_one_more_event_another()
    {
        var (tenant, _, user) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenant, user));
        var accepted = await new PortalActivity()
            .Viewed("F1", "critical", T0.AddHours(1)).Acknowledged("F1", T0.AddHours(1).AddMinutes(45))
            .Viewed("F2", "high", T0.AddHours(2))
            .Opened("R1", "critical", T0.AddHours(3)).Completed("R1", T0.AddHours(9))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(4))
            .SendAsync(client);
        await fixture.AuditAsync(tenant, accepted);

        var first = await BuildAsync(tenant);
        Assert.Contains("Created", first.Output);
        var created = await ReadFeatureSetAsync(tenant);
        Assert.Equal(6, created.EventCount);
        Assert.Equal(45.0, created.Features["mtta_mean_minutes_critical"]);
        Assert.Equal(6.0, created.Features["mttr_mean_hours_any"]);
        Assert.Equal(2.0, created.Features["findings_viewed_any"]);
        Assert.Equal(1.0, created.Features["dashboard_active_days"]);
        Assert.False(created.Features.ContainsKey("mtta_mean_minutes_high")); // nothing acknowledged: no value, not 0

        var again = await BuildAsync(tenant);
        Assert.Contains("Unchanged", again.Output);
        Assert.Equal(created, await ReadFeatureSetAsync(tenant) with { Features = created.Features });

        // One more event in the window (a late arrival): the same feature set is rebuilt with another hash.
        var late = await new PortalActivity().Viewed("F2", "high", T0.AddHours(5)).SendAsync(client);
        await fixture.AuditAsync(tenant, [.. accepted, .. late]);
        var rebuilt = await BuildAsync(tenant);
        Assert.Contains("Rebuilt", rebuilt.Output);
        var changed = await ReadFeatureSetAsync(tenant);
        Assert.Equal(created.Id, changed.Id);
        Assert.Equal(7, changed.EventCount);
        Assert.NotEqual(created.Hash, changed.Hash);
        Assert.Equal(3.0, changed.Features["finding_views_any"]);

        // Another tenant with an identical history still hashes differently (the tenant is part of the dataset).
        var csvPath = Path.Combine(Path.GetTempPath(), $"vectorvue-features-{Guid.NewGuid():N}.csv");
        try
        {
            var export = await fixture.RunDatasetsAsync(["export", "--id", changed.Id.ToString(), "--output", csvPath]);
            Assert.True(export.ExitCode == 0, export.Output);
            var lines = await File.ReadAllLinesAsync(csvPath);
            Assert.Equal(2, lines.Length);
            var header = lines[0].Split(',');
            var row = lines[1].Split(',');
            Assert.Equal(["feature_set_id", "tenant_id", "window_name", "window_start", "window_end", "event_count", "dataset_hash"], header[..7]);
            Assert.Equal(changed.Id.ToString(), row[0]);
            Assert.Equal("24h", row[2]);
            Assert.Equal(changed.Hash, row[6]);
            Assert.Equal(changed.Features.Count, header.Length - 7);
            Assert.Equal("45", row[Array.IndexOf(header, "mtta_mean_minutes_critical")]);
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    [Fact]
    public async Task Bad_arguments_exit_non_zero_with_usage()
    {
        var (exitCode, output) = await fixture.RunDatasetsAsync(["build", "--window", "2h"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--window must be one of 1h, 24h, 7d, 30d", output);
        Assert.Contains("usage: datasets build", output);
    }

    private async Task<(int ExitCode, string Output)> BuildAsync(Guid tenant)
    {
        var result = await fixture.RunDatasetsAsync(
            ["build", "--tenant", tenant.ToString(), "--window", "24h", "--end", End.ToString("O", CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.Output);
        return result;
    }

    private sealed record StoredFeatureSet(Guid Id, int EventCount, string Hash, Dictionary<string, double> Features);

    private async Task<StoredFeatureSet> ReadFeatureSetAsync(Guid tenant)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT s.id, s.event_count, s.dataset_hash, s.window_start, s.window_end, f.name, f.value
            FROM analytics.feature_sets s JOIN analytics.features f ON f.feature_set_id = s.id
            WHERE s.tenant_id = $1
            """, connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        StoredFeatureSet? set = null;
        while (await reader.ReadAsync())
        {
            set ??= new StoredFeatureSet(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), []);
            Assert.Equal(set.Id, reader.GetGuid(0)); // one feature set for (tenant, window, end)
            Assert.Equal(End.AddHours(-24), reader.GetFieldValue<DateTimeOffset>(3));
            Assert.Equal(End, reader.GetFieldValue<DateTimeOffset>(4));
            set.Features[reader.GetString(5)] = reader.GetDouble(6);
        }

        return set ?? throw new InvalidOperationException("No feature set stored.");
    }
}
