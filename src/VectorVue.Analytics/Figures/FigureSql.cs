using VectorVue.Contracts;

namespace VectorVue.Analytics.Figures;

/// <summary>
/// The SQL behind every figure, for one event table. Each statement reads only the tenant's rows inside the window
/// (<c>tenant_id = $1 AND "timestamp" &gt;= $2 AND "timestamp" &lt; $3</c>), the range the (tenant_id, timestamp DESC)
/// index serves, and states the definitions of docs/analytics.md once: first view, first acknowledgement at or after it,
/// first opening, first completion at or after it. Durations are exact (numeric) until rounded to 2 decimals.
/// Event types are the contract's constants written into the text as literals (not parameters), so the planner
/// sees them as it always did and every statement keeps its plan.
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
        // One pass over the window's finding events, grouped by finding and severity (a first version grouped views
        // and acknowledgements separately and joined them: 2.8 s against 1 s for 250,000 events). Object ids compare
        // byte-wise (COLLATE "C") whatever the database's collation: they are identifiers, and a locale-aware sort
        // (the PostgreSQL container image defaults to en_US.utf8) costs several times more.
        var findings = $"""
            finding_groups AS (
                SELECT object_id COLLATE "C" AS object_id, severity,
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.FindingViewed}') AS first_view,
                       count(*) FILTER (WHERE event_type = '{EventTypes.FindingViewed}') AS views,
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.FindingAcknowledged}') AS first_ack
                {window}
                  AND event_type IN ('{EventTypes.FindingViewed}', '{EventTypes.FindingAcknowledged}') AND object_id IS NOT NULL
                GROUP BY 1, 2),
            finding_severities AS (
                SELECT severity, first_view, views, min(first_ack) OVER (PARTITION BY object_id) AS first_ack, object_id
                FROM finding_groups),
            scoped_findings AS (
                SELECT severity AS scope, first_view, views, first_ack
                FROM finding_severities WHERE severity IS NOT NULL AND first_view IS NOT NULL
                UNION ALL
                SELECT '{SeverityScope.Any}', min(first_view), sum(views), min(first_ack)
                FROM finding_severities GROUP BY object_id HAVING min(first_view) IS NOT NULL),
            findings AS (
                SELECT scope, first_view, views,
                       CASE WHEN first_ack >= first_view
                            THEN extract(epoch FROM first_ack - first_view) / 60 END AS minutes
                FROM scoped_findings)
            """;

        // Per remediation: first opening (and the severity it carried), first completion.
        var remediations = $"""
            remediations AS (
                SELECT min("timestamp") FILTER (WHERE event_type = '{EventTypes.RemediationOpened}') AS first_open,
                       (array_agg(severity ORDER BY "timestamp", severity)
                           FILTER (WHERE event_type = '{EventTypes.RemediationOpened}'))[1] AS severity,
                       min("timestamp") FILTER (WHERE event_type = '{EventTypes.RemediationCompleted}') AS first_done
                {window}
                  AND event_type IN ('{EventTypes.RemediationOpened}', '{EventTypes.RemediationCompleted}') AND object_id IS NOT NULL
                GROUP BY object_id COLLATE "C"),
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
            SELECT CASE WHEN GROUPING(severity) = 1 THEN '{SeverityScope.Any}' ELSE severity END AS scope,
                   count(*), min(first_open) FILTER (WHERE hours IS NULL), {Stats("hours")}
            FROM opened GROUP BY GROUPING SETS ((severity), ())
            """;

        Activity = $"""
            SELECT count(*),
                   count(DISTINCT user_id),
                   count(*) FILTER (WHERE event_type = '{EventTypes.DashboardViewed}'),
                   count(DISTINCT ("timestamp" AT TIME ZONE 'UTC')::date) FILTER (WHERE event_type = '{EventTypes.DashboardViewed}'),
                   count(*) FILTER (WHERE event_type = '{EventTypes.ReportDownloaded}'),
                   count(DISTINCT object_id) FILTER (WHERE event_type = '{EventTypes.ReportDownloaded}')
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
