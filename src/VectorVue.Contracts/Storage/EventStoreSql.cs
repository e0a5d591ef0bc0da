namespace VectorVue.Contracts.Storage;

/// <summary>
/// The one statement that stores events (docs/storage.md, "Write path"), shared by the worker (a batch of up to
/// <c>VectorVue:Worker:BatchSize</c> events, bound as arrays) and the seeder (a history COPYed into a staging table).
/// In one statement, so in one transaction and one round trip:
/// <list type="number">
/// <item>the incoming rows, de-duplicated by (tenant_id, id) — the first occurrence wins — in key order;</item>
/// <item>their receipts (<c>event_receipts</c>, primary key (tenant_id, event_id)) with <c>ON CONFLICT DO NOTHING
/// RETURNING</c>: what comes back is exactly the events never stored before, whatever timestamp a retry carries;</item>
/// <item>those rows into <c>client_activity_events</c> (the statement's row count is theirs);</item>
/// <item>and, from those same rows only, the finding and remediation lifecycles (columns that only ever move
/// earlier) and the daily counts, active users and report downloads.</item>
/// </list>
/// A redelivered event has a receipt already, so it touches nothing: nothing is double-counted. Lifecycle upserts
/// read first and send only rows whose values would change (safe because values only decrease), and every upsert
/// takes its rows in key order so that concurrent writers lock them in the same order.
/// </summary>
public static class EventStoreSql
{
    /// <summary>The staging table's extra column: each row's position in the batch (first occurrence wins).</summary>
    public const string Ordinal = "ord";

    /// <summary>How many stripes a daily counter has: a writer adds to stripe <c>pg_backend_pid() % Stripes</c>.</summary>
    public const int Stripes = 64;

    private static readonly IReadOnlyList<EventColumn> Columns = EventColumns.ClientActivity;

    private static readonly string ColumnList = EventColumns.List(Columns);

    /// <summary>
    /// Stores the events bound as one array per column of <see cref="EventColumns.ClientActivity"/>, in that order
    /// (<c>$1</c> = ids … <c>$10</c> = received_at; element i of every array is event i). Its row count is the
    /// number of events that were new.
    /// </summary>
    public static readonly string FromArrays = Store(
        $"unnest({string.Join(", ", Columns.Select((c, i) => $"${i + 1}::{c.Type}[]"))}) WITH ORDINALITY AS source({ColumnList}, {Ordinal})");

    /// <summary>
    /// Stores the rows of a staging table made by <see cref="CreateStaging"/> and filled (COPY) with the columns
    /// <see cref="StagingColumnList"/>. Its row count is the number of events that were new.
    /// </summary>
    public static string FromStaging(string table) => Store($"{table} AS source");

    /// <summary>The columns a staging table is filled with, in order: <see cref="EventColumns.ClientActivity"/>, then <see cref="Ordinal"/>.</summary>
    public static string StagingColumnList => $"{ColumnList}, {Ordinal}";

    /// <summary>A temporary staging table for <see cref="FromStaging"/>, dropped at commit.</summary>
    public static string CreateStaging(string table) => $"""
        CREATE TEMP TABLE {table} (
            {string.Join(", ", Columns.Select(c => $"{c.Sql} {c.Type}{(c.IsNullable ? "" : " NOT NULL")}"))},
            {Ordinal} bigint NOT NULL
        ) ON COMMIT DROP
        """;

    private static string Store(string source)
    {
        var viewed = $"event_type = '{EventTypes.FindingViewed}'";
        var severityViews = string.Concat(Severities.All.Select(s =>
            $",\n           min(\"timestamp\") FILTER (WHERE {viewed} AND severity = '{s}') AS first_viewed_{s}"));
        string[] findingColumns = ["first_viewed_at", .. Severities.All.Select(s => $"first_viewed_{s}"), "first_acknowledged_at"];
        string[] remediationColumns = ["first_opened_at", "opened_severity", "first_completed_at"];
        const string day = "(\"timestamp\" AT TIME ZONE 'UTC')::date";

        return $"""
            WITH incoming AS (
                SELECT DISTINCT ON (tenant_id, id) {ColumnList}
                FROM {source}
                ORDER BY tenant_id, id, {Ordinal}),
            receipts AS (
                INSERT INTO event_receipts (tenant_id, event_id, "timestamp")
                SELECT tenant_id, id, "timestamp" FROM incoming
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, event_id),
            fresh AS (
                SELECT {string.Join(", ", Columns.Select(c => "i." + c.Sql))}
                FROM incoming i JOIN receipts r ON r.tenant_id = i.tenant_id AND r.event_id = i.id),
            finding_batch AS (
                SELECT tenant_id, object_id AS finding_id,
                       min("timestamp") FILTER (WHERE {viewed}) AS first_viewed_at{severityViews},
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.FindingAcknowledged}') AS first_acknowledged_at
                FROM fresh
                WHERE event_type IN ('{EventTypes.FindingViewed}', '{EventTypes.FindingAcknowledged}') AND object_id IS NOT NULL
                GROUP BY tenant_id, object_id),
            findings AS (
                INSERT INTO analytics.finding_lifecycles AS l (tenant_id, finding_id, {string.Join(", ", findingColumns)})
                SELECT b.tenant_id, b.finding_id, {string.Join(", ", findingColumns.Select(c => "b." + c))}
                FROM finding_batch b
                LEFT JOIN analytics.finding_lifecycles s ON s.tenant_id = b.tenant_id AND s.finding_id = b.finding_id
                WHERE s.tenant_id IS NULL OR {EarlierAny(findingColumns, "s", "b")}
                ORDER BY b.tenant_id, b.finding_id
                ON CONFLICT (tenant_id, finding_id) DO UPDATE SET
                    {string.Join(",\n            ", findingColumns.Select(c => $"{c} = least(l.{c}, excluded.{c})"))}
                WHERE {EarlierAny(findingColumns, "l", "excluded")}),
            remediation_batch AS (
                SELECT tenant_id, object_id AS remediation_id,
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.RemediationOpened}') AS first_opened_at,
                       (array_agg(severity ORDER BY "timestamp", severity)
                           FILTER (WHERE event_type = '{EventTypes.RemediationOpened}'))[1] AS opened_severity,
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.RemediationCompleted}') AS first_completed_at
                FROM fresh
                WHERE event_type IN ('{EventTypes.RemediationOpened}', '{EventTypes.RemediationCompleted}') AND object_id IS NOT NULL
                GROUP BY tenant_id, object_id),
            remediations AS (
                INSERT INTO analytics.remediation_lifecycles AS l (tenant_id, remediation_id, {string.Join(", ", remediationColumns)})
                SELECT b.tenant_id, b.remediation_id, {string.Join(", ", remediationColumns.Select(c => "b." + c))}
                FROM remediation_batch b
                LEFT JOIN analytics.remediation_lifecycles s ON s.tenant_id = b.tenant_id AND s.remediation_id = b.remediation_id
                WHERE s.tenant_id IS NULL OR {RemediationChanges("s", "b")}
                ORDER BY b.tenant_id, b.remediation_id
                ON CONFLICT (tenant_id, remediation_id) DO UPDATE SET
                    opened_severity = {OpenedSeverity("l", "excluded")},
                    first_opened_at = least(l.first_opened_at, excluded.first_opened_at),
                    first_completed_at = least(l.first_completed_at, excluded.first_completed_at)
                WHERE {RemediationChanges("l", "excluded")}),
            daily_counts AS (
                INSERT INTO analytics.daily_event_counts AS d (tenant_id, day, event_type, severity, stripe, events, events_with_object)
                SELECT tenant_id, {day}, event_type, coalesce(severity, ''), (pg_backend_pid() % {Stripes})::smallint,
                       count(*), count(object_id)
                FROM fresh
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (tenant_id, day, event_type, severity, stripe) DO UPDATE SET
                    events = d.events + excluded.events,
                    events_with_object = d.events_with_object + excluded.events_with_object),
            daily_users AS (
                INSERT INTO analytics.daily_active_users (tenant_id, day, user_id)
                SELECT DISTINCT tenant_id, {day}, user_id
                FROM fresh
                WHERE user_id IS NOT NULL
                ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING),
            daily_reports AS (
                INSERT INTO analytics.daily_report_downloads (tenant_id, day, report_id)
                SELECT DISTINCT tenant_id, {day}, object_id
                FROM fresh
                WHERE event_type = '{EventTypes.ReportDownloaded}' AND object_id IS NOT NULL
                ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING)
            INSERT INTO client_activity_events ({ColumnList})
            SELECT {ColumnList} FROM fresh
            """;
    }

    /// <summary>Whether any instant of <paramref name="next"/> is earlier than the row's (or the row has none).</summary>
    private static string EarlierAny(IEnumerable<string> columns, string row, string next) =>
        "(" + string.Join("\n                   OR ", columns.Select(c => $"least({row}.{c}, {next}.{c}) IS DISTINCT FROM {row}.{c}")) + ")";

    /// <summary>
    /// The severity of the earliest opening: the new one when it opened earlier (or the row had none); on a tie the
    /// smaller text, null last — <c>least</c> ignores nulls — as <c>array_agg(severity ORDER BY "timestamp", severity)[1]</c>.
    /// </summary>
    private static string OpenedSeverity(string row, string next) => $"""
        CASE WHEN {next}.first_opened_at IS NULL THEN {row}.opened_severity
                                 WHEN {row}.first_opened_at IS NULL OR {next}.first_opened_at < {row}.first_opened_at THEN {next}.opened_severity
                                 WHEN {next}.first_opened_at = {row}.first_opened_at THEN least({row}.opened_severity, {next}.opened_severity)
                                 ELSE {row}.opened_severity END
        """;

    private static string RemediationChanges(string row, string next) => $"""
        ({EarlierAny(["first_opened_at", "first_completed_at"], row, next)}
                   OR ({next}.first_opened_at = {row}.first_opened_at
                       AND least({row}.opened_severity, {next}.opened_severity) IS DISTINCT FROM {row}.opened_severity))
        """;
}
