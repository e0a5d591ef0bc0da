namespace VectorVue.Contracts;

/// <summary>
/// The columns of a stored event, in order: what <c>client_activity_events</c> and <c>analytics.events</c> share, and
/// the one column each adds. The worker's insert, the seeder's COPY and the dataset builder build their SQL from
/// these lists, and the schema's model names its columns with them.
/// </summary>
public static class EventColumns
{
    public static readonly EventColumn Id = new("id", "uuid", IsNullable: false);
    public static readonly EventColumn TenantId = new("tenant_id", "uuid", IsNullable: false);
    public static readonly EventColumn UserId = new("user_id", "uuid", IsNullable: true);
    public static readonly EventColumn EventType = new("event_type", "text", IsNullable: false);
    public static readonly EventColumn ObjectType = new("object_type", "text", IsNullable: false);
    public static readonly EventColumn ObjectId = new("object_id", "text", IsNullable: true);
    public static readonly EventColumn Severity = new("severity", "text", IsNullable: true);
    public static readonly EventColumn Timestamp = new("timestamp", "timestamptz", IsNullable: false, IsKeyword: true);
    public static readonly EventColumn MetadataJson = new("metadata_json", "jsonb", IsNullable: true);

    /// <summary><c>client_activity_events</c> only: when the API received the event.</summary>
    public static readonly EventColumn ReceivedAt = new("received_at", "timestamptz", IsNullable: false);

    /// <summary><c>analytics.events</c> only: when the event entered the system — the view shows <c>client_activity_events.received_at</c> under this name.</summary>
    public static readonly EventColumn IngestedAt = new("ingested_at", "timestamptz", IsNullable: false);

    /// <summary>The columns both event tables have, in order.</summary>
    public static readonly IReadOnlyList<EventColumn> Shared =
        [Id, TenantId, UserId, EventType, ObjectType, ObjectId, Severity, Timestamp, MetadataJson];

    /// <summary>A row of <c>client_activity_events</c> as it is written: the shared columns, then <see cref="ReceivedAt"/>.</summary>
    public static readonly IReadOnlyList<EventColumn> ClientActivity = [.. Shared, ReceivedAt];

    /// <summary>The columns' names as an SQL list: <c>id, tenant_id, …, "timestamp", metadata_json</c>.</summary>
    public static string List(IEnumerable<EventColumn> columns) => string.Join(", ", columns.Select(c => c.Sql));
}
