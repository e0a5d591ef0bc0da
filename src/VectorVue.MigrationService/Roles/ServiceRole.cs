using VectorVue.Contracts;

namespace VectorVue.MigrationService.Roles;

/// <summary>
/// A service's own PostgreSQL role: the connection name its connection string reaches the migrator under (the
/// AppHost's <c>ServiceAccount</c> names the same), the schemas it may use, and exactly the privileges its statements
/// need — column by column, so that even a service taken over could read or change no more
/// (docs/architecture.md, "Least privilege").
/// </summary>
internal sealed record ServiceRole(string ConnectionName, IReadOnlyList<string> Schemas, IReadOnlyList<TablePrivilege> Privileges)
{
    /// <summary>
    /// The telemetry API: the tenant look-up (<c>Tenants/TenantLookup</c>) and the analytics figures
    /// (<c>VectorVue.Analytics/Figures/FigureSql</c>, over <c>client_activity_events</c>). Nothing else: no event's
    /// metadata, no dead letter, no <c>analytics</c> schema, no write at all.
    /// </summary>
    public static readonly ServiceRole Api = new("vectorvue-api", ["public"],
    [
        new("SELECT", "tenants", ["id", "is_active"]),
        new("SELECT", "users", ["id", "tenant_id", "username"]),
        new("SELECT", "client_activity_events", Columns(
            EventColumns.TenantId, EventColumns.UserId, EventColumns.EventType, EventColumns.ObjectId, EventColumns.Severity, EventColumns.Timestamp)),
    ]);

    /// <summary>
    /// The worker: the batch insert (<c>Storage/EventWriter</c>: into <c>client_activity_events</c>, <c>RETURNING</c> the
    /// shared columns into <c>analytics.events</c>, each <c>ON CONFLICT (id)</c>, which reads <c>id</c>), the dead letters
    /// (<c>DeadLetters/DeadLetterStore</c>: insert <c>ON CONFLICT (stream_entry_id)</c>; <c>DeadLetterRedriver</c>: read the
    /// waiting ones <c>FOR UPDATE</c>, count them, mark them re-driven). No UPDATE or DELETE of an event, no TRUNCATE.
    /// </summary>
    public static readonly ServiceRole Worker = new("vectorvue-worker", ["public", "analytics"],
    [
        new("INSERT", "client_activity_events", Columns([.. EventColumns.ClientActivity])),
        new("SELECT", "client_activity_events", Columns([.. EventColumns.Shared])),
        new("INSERT", "analytics.events", Columns([.. EventColumns.Shared])),
        new("SELECT", "analytics.events", Columns(EventColumns.Id)),
        new("INSERT", "dead_letters", ["stream_entry_id", "event_id", "tenant_id", "payload", "reason", "error_code", "delivery_count"]),
        new("SELECT", "dead_letters", ["id", "stream_entry_id", "payload", "redriven_at"]),
        new("UPDATE", "dead_letters", ["redriven_at"]),
    ]);

    public static readonly IReadOnlyList<ServiceRole> All = [Api, Worker];

    /// <summary>Every schema a role's privileges are revoked in before its own are granted again.</summary>
    public static readonly IReadOnlyList<string> ManagedSchemas = ["public", "analytics"];

    private static string[] Columns(params EventColumn[] columns) => [.. columns.Select(c => c.Sql)];
}
