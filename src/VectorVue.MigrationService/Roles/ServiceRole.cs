using VectorVue.Contracts;

namespace VectorVue.MigrationService.Roles;

/// <summary>
/// A service's own PostgreSQL role: the connection name its connection string reaches the migrator under (the
/// AppHost's <c>ServiceAccount</c> names the same), the schemas it may use, and exactly the privileges its statements
/// need — column by column, so that even a service taken over could read or change no more
/// (docs/architecture.md, "Least privilege").
/// </summary>
internal sealed record ServiceRole(
    string ConnectionName,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<TablePrivilege> Privileges,
    IReadOnlyList<FunctionPrivilege>? Functions = null)
{
    /// <summary>The tables of the incremental figures (lifecycles and daily counts) the worker maintains and the API reads.</summary>
    private static readonly string[] Rollups =
    [
        "analytics.finding_lifecycles", "analytics.remediation_lifecycles",
        "analytics.daily_event_counts", "analytics.daily_active_users", "analytics.daily_report_downloads",
    ];

    /// <summary>
    /// The telemetry API: the tenant look-up (<c>Tenants/TenantLookup</c>) and the analytics figures
    /// (<c>VectorVue.Analytics</c>: the lifecycle and daily tables, and <c>client_activity_events</c> for the partial
    /// days at a window's edges). Nothing else: no event's metadata, no dead letter, no <c>analytics.events</c>, no
    /// write at all.
    /// </summary>
    public static readonly ServiceRole Api = new("vectorvue-api", ["public", "analytics"],
    [
        new("SELECT", "tenants", ["id", "is_active"]),
        new("SELECT", "users", ["id", "tenant_id", "username"]),
        new("SELECT", "client_activity_events", Columns(
            EventColumns.TenantId, EventColumns.UserId, EventColumns.EventType, EventColumns.ObjectId, EventColumns.Severity, EventColumns.Timestamp)),
        .. Rollups.Select(table => new TablePrivilege("SELECT", table)),
    ]);

    /// <summary>
    /// The worker: the batch write (<c>Storage/EventWriter</c>: the new ids into <c>event_receipts</c>
    /// <c>ON CONFLICT DO NOTHING RETURNING</c>, exactly those into <c>client_activity_events</c>, then the upserts of
    /// the lifecycle and daily tables), the partition maintenance (<c>Maintenance/PartitionMaintenance</c>: the two
    /// SECURITY DEFINER functions, the only way it can create or drop a partition), the dead letters
    /// (<c>DeadLetters/DeadLetterStore</c>: insert <c>ON CONFLICT (stream_entry_id)</c>; <c>DeadLetterRedriver</c>: read the
    /// waiting ones <c>FOR UPDATE</c>, count them, mark them re-driven). It reads no event: no UPDATE, DELETE or
    /// TRUNCATE of one, no SELECT of its metadata.
    /// </summary>
    public static readonly ServiceRole Worker = new("vectorvue-worker", ["public", "analytics"],
    [
        new("INSERT", "client_activity_events", Columns([.. EventColumns.ClientActivity])),
        new("INSERT", "event_receipts"),
        new("SELECT", "event_receipts"),
        .. Rollups.SelectMany(table => (TablePrivilege[])[new("INSERT", table), new("SELECT", table), new("UPDATE", table)]),
        new("INSERT", "dead_letters", ["stream_entry_id", "event_id", "tenant_id", "payload", "reason", "error_code", "delivery_count"]),
        new("SELECT", "dead_letters", ["id", "stream_entry_id", "payload", "redriven_at"]),
        new("UPDATE", "dead_letters", ["redriven_at"]),
    ],
    [
        new("public.ensure_event_partitions(date, date)"),
        new("public.drop_event_partitions(timestamptz)"),
    ]);

    public static readonly IReadOnlyList<ServiceRole> All = [Api, Worker];

    /// <summary>Every schema a role's privileges are revoked in before its own are granted again.</summary>
    public static readonly IReadOnlyList<string> ManagedSchemas = ["public", "analytics"];

    /// <summary>Every function some role may execute: nobody else may (not even <c>PUBLIC</c>, PostgreSQL's default).</summary>
    public static IEnumerable<FunctionPrivilege> ManagedFunctions => All.SelectMany(role => role.Functions ?? []).Distinct();

    private static string[] Columns(params EventColumn[] columns) => [.. columns.Select(c => c.Sql)];
}
