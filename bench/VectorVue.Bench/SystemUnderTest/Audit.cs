using Npgsql;

namespace VectorVue.Bench.SystemUnderTest;

/// <summary>
/// The delivery audit of one scenario: the ids answered with 202 against the ids stored for the scenario's own
/// tenants (found through the (tenant_id, timestamp) index: the partitioned table has no key on id), once the
/// stream is drained. Zero lost, zero unexpected and zero duplicates is the only passing result.
/// </summary>
internal sealed record AuditResult(long Accepted, long DistinctAccepted, long Stored, long Lost, long Unexpected, long DuplicateAccepted)
{
    public bool Passed => Lost == 0 && Unexpected == 0 && DuplicateAccepted == 0 && Stored == DistinctAccepted;

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")}: {Accepted:N0} accepted, {Stored:N0} stored, {Lost:N0} lost, {Unexpected:N0} unexpected, {DuplicateAccepted:N0} duplicate ids";

    public static async Task<AuditResult> RunAsync(BenchSystem system, IReadOnlyList<Guid> tenantIds, IReadOnlyCollection<Guid> accepted, TimeSpan drainWithin)
    {
        await system.WaitForDrainedAsync(drainWithin);
        var acceptedSet = accepted.ToHashSet();
        var stored = new List<Guid>(accepted.Count);
        await using (var connection = await system.OpenDatabaseAsync())
        await using (var command = new NpgsqlCommand("SELECT id FROM client_activity_events WHERE tenant_id = ANY($1)", connection)
        {
            Parameters = { new() { Value = tenantIds.ToArray() } },
        })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetGuid(0));
            }
        }

        var storedSet = stored.ToHashSet();
        return new AuditResult(
            accepted.Count,
            acceptedSet.Count,
            stored.Count,
            acceptedSet.Count(id => !storedSet.Contains(id)),
            storedSet.Count(id => !acceptedSet.Contains(id)) + (stored.Count - storedSet.Count),
            accepted.Count - acceptedSet.Count);
    }
}

/// <summary>
/// Accept-to-commit lag of stored events: the commit time of the transaction that stored each row
/// (<c>pg_xact_commit_timestamp(xmin)</c>, kept because local mode runs PostgreSQL with
/// <c>track_commit_timestamp=on</c>) minus <c>client_activity_events.received_at</c> (the API's receive time), in
/// milliseconds.
/// </summary>
internal sealed record LagResult(long Events, double P50, double P99, double Max, string? Unavailable)
{
    public static async Task<LagResult> MeasureAsync(BenchSystem system, IReadOnlyList<Guid> tenantIds)
    {
        await using var connection = await system.OpenDatabaseAsync();
        await using (var probe = new NpgsqlCommand("SELECT current_setting('track_commit_timestamp')", connection))
        {
            if ((string)(await probe.ExecuteScalarAsync())! != "on")
            {
                return new LagResult(0, 0, 0, 0, "PostgreSQL runs without track_commit_timestamp");
            }
        }

        await using var command = new NpgsqlCommand("""
            SELECT count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms),
                   max(lag_ms)
            FROM (SELECT extract(epoch FROM pg_xact_commit_timestamp(c.xmin) - c.received_at) * 1000 AS lag_ms
                  FROM client_activity_events c
                  WHERE c.tenant_id = ANY($1)) lags
            """, connection)
        {
            Parameters = { new() { Value = tenantIds.ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var count = reader.GetInt64(0);
        if (count == 0)
        {
            return new LagResult(0, 0, 0, 0, "no event of the run is stored");
        }

        return new LagResult(count, reader.GetDouble(1), reader.GetDouble(2), Convert.ToDouble(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), null);
    }
}
