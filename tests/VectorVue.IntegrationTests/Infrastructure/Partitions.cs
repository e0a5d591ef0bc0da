using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>The partitions of <c>client_activity_events</c> as PostgreSQL reports them, and the worker's maintenance run on demand.</summary>
public static class Partitions
{
    public const string DefaultPartition = "client_activity_events_default";

    /// <summary>The monthly partition holding <paramref name="month"/> (<c>client_activity_events_pYYYYMM</c>).</summary>
    public static string Of(DateTimeOffset month) =>
        "client_activity_events_p" + month.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>Runs the worker's partition maintenance now (<c>POST /admin/partitions/maintain</c>) and returns its answer.</summary>
    public static async Task<JsonElement> RunMaintenanceAsync(this VectorVueAppFixture fixture)
    {
        using var worker = fixture.CreateWorkerClient(await fixture.GetWorkerAdminKeyAsync());
        using var response = await worker.PostAsync("/admin/partitions/maintain", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"maintenance: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The tables attached to <c>client_activity_events</c> (pg_inherits): its monthly partitions and the default one.</summary>
    public static async Task<HashSet<string>> AttachedAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.client_activity_events'::regclass
            """, connection);
        return [.. await ReadAsync(command, r => r.GetString(0))];
    }

    /// <summary>Whether a table of that name exists at all (a dropped partition does not; an emptied one would).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('public.' || $1) IS NOT NULL", connection)
        {
            Parameters = { new() { Value = table } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The tenant's stored events and the partition each is in.</summary>
    public static async Task<Dictionary<Guid, string>> PartitionOfEachEventAsync(NpgsqlConnection connection, Guid tenantId)
    {
        await using var command = new NpgsqlCommand(
            "SELECT e.id, c.relname FROM client_activity_events e JOIN pg_class c ON c.oid = e.tableoid WHERE e.tenant_id = $1", connection)
        {
            Parameters = { new() { Value = tenantId } },
        };
        return (await ReadAsync(command, r => (Id: r.GetGuid(0), Partition: r.GetString(1)))).ToDictionary(r => r.Id, r => r.Partition);
    }

    public static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
