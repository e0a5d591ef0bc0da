namespace VectorVue.Analytics.Figures;

/// <summary>
/// The SQL behind every figure, for one event table. Each statement reads only the tenant's rows inside the window
/// (<c>tenant_id = $1 AND "timestamp" &gt;= $2 AND "timestamp" &lt; $3</c>), the range the (tenant_id, timestamp DESC)
/// index serves, and states the DESIGN.md definitions once: first view, first acknowledgement at or after it,
/// first opening, first completion at or after it. Durations are exact (numeric) until rounded to 2 decimals.
/// </summary>
internal sealed class FigureSql
{
    private static readonly FigureSql ClientActivity = new(EventTableNames.Of(EventTable.ClientActivityEvents));
    private static readonly FigureSql Analytics = new(EventTableNames.Of(EventTable.AnalyticsEvents));

    public static FigureSql For(EventTable table) =>
        table == EventTable.ClientActivityEvents ? ClientActivity : Analytics;

    private FigureSql(string table)
    {
        var window = $"""
            FROM {table}
            WHERE tenant_id = $1 AND "timestamp" >= $2 AND "timestamp" < $3
            """;

        // Per finding and scope (its severity, plus "any"): earliest view and number of views; earliest ack overall.
        var findings = $"""
            finding_events AS (
                SELECT event_type, object_id, severity, "timestamp" {window}
                  AND event_type IN ('FINDING_VIEWED', 'FINDING_ACKNOWLEDGED') AND object_id IS NOT NULL),
            views AS (
                SELECT CASE WHEN GROUPING(severity) = 1 THEN '{Severities.Any}' ELSE severity END AS scope,
                       object_id, min("timestamp") AS first_view, count(*) AS views
                FROM finding_events WHERE event_type = 'FINDING_VIEWED'
                GROUP BY GROUPING SETS ((severity, object_id), (object_id))),
            acks AS (
                SELECT object_id, min("timestamp") AS first_ack
                FROM finding_events WHERE event_type = 'FINDING_ACKNOWLEDGED' GROUP BY object_id),
            findings AS (
                SELECT v.scope, v.first_view, v.views,
                       CASE WHEN a.first_ack >= v.first_view
                            THEN extract(epoch FROM a.first_ack - v.first_view) / 60 END AS minutes
                FROM views v LEFT JOIN acks a USING (object_id)
                WHERE v.scope IS NOT NULL)
            """;

        // Per remediation: first opening (and the severity it carried), first completion.
        var remediations = $"""
            remediation_events AS (
                SELECT event_type, object_id, severity, "timestamp" {window}
                  AND event_type IN ('REMEDIATION_OPENED', 'REMEDIATION_COMPLETED') AND object_id IS NOT NULL),
            remediations AS (
                SELECT min("timestamp") FILTER (WHERE event_type = 'REMEDIATION_OPENED') AS first_open,
                       (array_agg(severity ORDER BY "timestamp", severity)
                           FILTER (WHERE event_type = 'REMEDIATION_OPENED'))[1] AS severity,
                       min("timestamp") FILTER (WHERE event_type = 'REMEDIATION_COMPLETED') AS first_done
                FROM remediation_events GROUP BY object_id),
            opened AS (
                SELECT severity, first_open,
                       CASE WHEN first_done >= first_open
                            THEN extract(epoch FROM first_done - first_open) / 3600 END AS hours
                FROM remediations WHERE first_open IS NOT NULL)
            """;

        Findings = $"""
            WITH {findings}
            SELECT scope, count(*), sum(views)::bigint, {Stats("minutes")}
            FROM findings GROUP BY scope
            """;

        Remediations = $"""
            WITH {remediations}
            SELECT CASE WHEN GROUPING(severity) = 1 THEN '{Severities.Any}' ELSE severity END AS scope,
                   count(*), min(first_open) FILTER (WHERE hours IS NULL), {Stats("hours")}
            FROM opened GROUP BY GROUPING SETS ((severity), ())
            """;

        Activity = $"""
            SELECT count(*),
                   count(DISTINCT user_id),
                   count(*) FILTER (WHERE event_type = 'DASHBOARD_VIEWED'),
                   count(DISTINCT ("timestamp" AT TIME ZONE 'UTC')::date) FILTER (WHERE event_type = 'DASHBOARD_VIEWED'),
                   count(*) FILTER (WHERE event_type = 'REPORT_DOWNLOADED'),
                   count(DISTINCT object_id) FILTER (WHERE event_type = 'REPORT_DOWNLOADED')
            {window}
            """;

        // $4: the findings' scope. Findings count in the week of their first view, remediations in the week of
        // their first opening (ISO weeks, Monday 00:00 UTC).
        WeeklyTrend = $"""
            WITH {findings}, {remediations},
            finding_weeks AS (
                SELECT date_trunc('week', first_view AT TIME ZONE 'UTC') AS week, count(*) AS viewed, {Stats("minutes")}
                FROM findings WHERE scope = $4 GROUP BY 1),
            remediation_weeks AS (
                SELECT date_trunc('week', first_open AT TIME ZONE 'UTC') AS week, count(*) AS opened, {Stats("hours")}
                FROM opened GROUP BY 1)
            SELECT week, viewed, minutes_count, minutes_mean, minutes_median, minutes_p90,
                   opened, hours_count, hours_mean, hours_median, hours_p90
            FROM finding_weeks FULL JOIN remediation_weeks USING (week)
            ORDER BY week
            """;
    }

    /// <summary>$1 tenant, $2 from, $3 to → scope, viewed, views, then <see cref="Stats"/> of minutes.</summary>
    public string Findings { get; }

    /// <summary>$1 tenant, $2 from, $3 to → scope, opened, oldest open, then <see cref="Stats"/> of hours.</summary>
    public string Remediations { get; }

    /// <summary>$1 tenant, $2 from, $3 to → the columns of <see cref="ActivityFigures"/>.</summary>
    public string Activity { get; }

    /// <summary>$1 tenant, $2 from, $3 to, $4 finding scope → week, viewed, stats of minutes, opened, stats of hours.</summary>
    public string WeeklyTrend { get; }

    /// <summary>Four columns: count, mean, median, p90 of a duration column (nulls, the unpaired, are left out).</summary>
    private static string Stats(string column) => $"""
        count({column}) AS {column}_count,
        round(avg({column}), 2) AS {column}_mean,
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY {column}::float8))::numeric, 2) AS {column}_median,
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY {column}::float8))::numeric, 2) AS {column}_p90
        """;
}
