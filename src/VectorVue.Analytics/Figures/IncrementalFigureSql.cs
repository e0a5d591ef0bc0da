using VectorVue.Contracts;

namespace VectorVue.Analytics.Figures;

/// <summary>
/// The SQL behind the API's figures (docs/analytics.md, "Definitions"), read from the tables the worker maintains
/// with every event it stores (docs/storage.md): a read costs what the window holds in findings, remediations and
/// days, not in events.
/// <list type="bullet">
/// <item>Findings from <c>analytics.finding_lifecycles</c>: a finding counts in the window holding its first view of
/// the scope (the scope's <c>first_viewed_&lt;severity&gt;</c> column, <c>first_viewed_at</c> for "any"), acknowledged when its
/// first acknowledgement — ever, also after the window — is at or after that first view. Each scope is one range of
/// its partial index.</item>
/// <item>Remediations from <c>analytics.remediation_lifecycles</c>: in the window holding their first opening, in the
/// scope of that opening's severity, completed when the first completion (ever) is at or after it.</item>
/// <item>Counts (events, finding views, dashboard views and active days, report downloads, distinct users and
/// reports) over exactly the window's events: the whole UTC days inside it from <c>analytics.daily_event_counts</c>
/// (summed over stripes; severity '' is none), <c>daily_active_users</c> and <c>daily_report_downloads</c>; the
/// partial days at its edges (<see cref="WindowDays"/>) from <c>client_activity_events</c> through its (tenant_id,
/// timestamp) index.</item>
/// </list>
/// Parameters: $1 tenant, $2 from, $3 to; the counts also $4 <see cref="WindowDays.WholeDaysFrom"/>, $5
/// <see cref="WindowDays.WholeDaysTo"/>, $6 <see cref="WindowDays.FirstDay"/>, $7 <see cref="WindowDays.EndDay"/>.
/// Durations are exact (numeric) until rounded to 2 decimals; event types and severities are the contract's
/// constants written in as literals, so each statement has one plan.
/// </summary>
internal static class IncrementalFigureSql
{
    public const string FindingLifecycles = "analytics.finding_lifecycles";
    public const string RemediationLifecycles = "analytics.remediation_lifecycles";
    public const string DailyEventCounts = "analytics.daily_event_counts";
    public const string DailyActiveUsers = "analytics.daily_active_users";
    public const string DailyReportDownloads = "analytics.daily_report_downloads";
    public const string Events = "client_activity_events";

    /// <summary>The <c>finding_lifecycles</c> column holding a finding's first view of <paramref name="scope"/>.</summary>
    public static string FirstViewColumn(string scope) =>
        scope == SeverityScope.Any ? "first_viewed_at"
        : Severities.IsKnown(scope) ? "first_viewed_" + scope
        : throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a severity scope.");

    /// <summary>The findings first viewed in the window at <paramref name="scope"/>: first_view, minutes to acknowledge.</summary>
    private static string ScopedFindings(string scope) => $"""
        SELECT {FirstViewColumn(scope)} AS first_view, {MinutesToAcknowledge(scope)} AS minutes
        FROM {FindingLifecycles}
        WHERE tenant_id = $1 AND {FirstViewInWindow(scope)}
        """;

    private static readonly string OpenedCte = $"""
        opened AS (
            SELECT opened_severity AS severity, first_opened_at AS first_open,
                   CASE WHEN first_completed_at >= first_opened_at
                        THEN extract(epoch FROM first_completed_at - first_opened_at) / 3600 END AS hours
            FROM {RemediationLifecycles}
            WHERE tenant_id = $1 AND first_opened_at >= $2 AND first_opened_at < $3)
        """;

    /// <summary>Whether a finding's first view of <paramref name="scope"/> is in the window.</summary>
    private static string FirstViewInWindow(string scope) =>
        $"{FirstViewColumn(scope)} >= $2 AND {FirstViewColumn(scope)} < $3";

    /// <summary>Minutes from a finding's first view of <paramref name="scope"/> to its first acknowledgement, when that is at or after it.</summary>
    private static string MinutesToAcknowledge(string scope) =>
        $"CASE WHEN first_acknowledged_at >= {FirstViewColumn(scope)} "
        + $"THEN extract(epoch FROM first_acknowledged_at - {FirstViewColumn(scope)}) / 60 END";

    /// <summary>
    /// $1 tenant, $2 from, $3 to → one row per scope, in the order of <see cref="SeverityScope.All"/>: scope, viewed,
    /// then count, mean, median and p90 of minutes (as <see cref="StatsSql"/>). One pass over the tenant's findings
    /// with a first view of any scope in the window (the partial indexes' ranges OR-ed into one bitmap: each finding
    /// read once, where a statement per scope read it twice, for its severity and for "any"); each row's minutes per
    /// scope computed once (null outside the scope's window or unacknowledged; <c>OFFSET 0</c> keeps the planner
    /// from copying the expression into each aggregate), then every scope aggregated beside the others.
    /// </summary>
    public static readonly string Findings = $"""
        SELECT scope, viewed, minutes_count, round(minutes_mean, 2),
               round(minutes_percentiles[1]::numeric, 2), round(minutes_percentiles[2]::numeric, 2)
        FROM (
            SELECT {string.Join(",\n           ", SeverityScope.All.Select((_, i) => $"""
                count(*) FILTER (WHERE viewed_{i}) AS viewed_{i}, count(minutes_{i}) AS count_{i}, avg(minutes_{i}) AS mean_{i},
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY minutes_{i}::float8) AS percentiles_{i}
                """))}
            FROM (
                SELECT {string.Join(",\n               ", SeverityScope.All.Select((scope, i) => $"""
                    {FirstViewInWindow(scope)} AS viewed_{i},
                    CASE WHEN {FirstViewInWindow(scope)} THEN {MinutesToAcknowledge(scope)} END AS minutes_{i}
                    """))}
                FROM {FindingLifecycles}
                WHERE tenant_id = $1 AND ({string.Join("\n                     OR ", SeverityScope.All.Select(scope => $"({FirstViewInWindow(scope)})"))})
                OFFSET 0
            ) findings
        ) scopes
        CROSS JOIN LATERAL (VALUES
            {string.Join(",\n    ", SeverityScope.All.Select((scope, i) => $"('{scope}', viewed_{i}, count_{i}, mean_{i}, percentiles_{i})"))}
        ) AS figures (scope, viewed, minutes_count, minutes_mean, minutes_percentiles)
        """;

    /// <summary>$1 tenant, $2 from, $3 to → scope (null: opened without a severity), opened, oldest open, then <see cref="StatsSql"/> of hours.</summary>
    public static readonly string Remediations = $"""
        WITH {OpenedCte}
        SELECT CASE WHEN GROUPING(severity) = 1 THEN '{SeverityScope.Any}' ELSE severity END AS scope,
               count(*), min(first_open) FILTER (WHERE hours IS NULL), {StatsSql.Of("hours")}
        FROM opened GROUP BY GROUPING SETS ((severity), ())
        """;

    /// <summary>
    /// $1 tenant, $2 from, $3 to, $4 whole days from, $5 whole days to, $6 first day, $7 end day → one row: the
    /// columns of <see cref="ActivityFigures"/>, then FINDING_VIEWED events with an object id per scope, in the order of
    /// <see cref="SeverityScope.All"/>. The edge events are materialized once (a CTE read three times) and counted
    /// like a day's rows; distinct users and reports are the union of the days' sets and the edges'.
    /// </summary>
    public static readonly string Counts = $"""
        WITH edge_events AS MATERIALIZED (
            SELECT "timestamp", event_type, severity, object_id, user_id
            FROM {Events}
            WHERE tenant_id = $1 AND "timestamp" >= $2 AND "timestamp" < $4
            UNION ALL
            SELECT "timestamp", event_type, severity, object_id, user_id
            FROM {Events}
            WHERE tenant_id = $1 AND "timestamp" >= $5 AND "timestamp" < $3),
        counts AS (
            SELECT day, event_type, severity, events, events_with_object
            FROM {DailyEventCounts}
            WHERE tenant_id = $1 AND day >= $6 AND day < $7
            UNION ALL
            SELECT ("timestamp" AT TIME ZONE 'UTC')::date, event_type, coalesce(severity, ''), 1, (object_id IS NOT NULL)::int
            FROM edge_events)
        SELECT coalesce(sum(events), 0)::bigint,
               (SELECT count(*) FROM (
                    SELECT user_id FROM {DailyActiveUsers} WHERE tenant_id = $1 AND day >= $6 AND day < $7
                    UNION
                    SELECT user_id FROM edge_events WHERE user_id IS NOT NULL) users),
               coalesce(sum(events) FILTER (WHERE event_type = '{EventTypes.DashboardViewed}'), 0)::bigint,
               count(DISTINCT day) FILTER (WHERE event_type = '{EventTypes.DashboardViewed}' AND events > 0),
               coalesce(sum(events) FILTER (WHERE event_type = '{EventTypes.ReportDownloaded}'), 0)::bigint,
               (SELECT count(*) FROM (
                    SELECT report_id COLLATE "C" FROM {DailyReportDownloads} WHERE tenant_id = $1 AND day >= $6 AND day < $7
                    UNION
                    SELECT object_id COLLATE "C" FROM edge_events
                    WHERE event_type = '{EventTypes.ReportDownloaded}' AND object_id IS NOT NULL) reports),
               {string.Join(",\n       ", SeverityScope.All.Select(FindingViews))}
        FROM counts
        """;

    private static string FindingViews(string scope) =>
        $"coalesce(sum(events_with_object) FILTER (WHERE event_type = '{EventTypes.FindingViewed}'"
        + (scope == SeverityScope.Any ? "" : $" AND severity = '{scope}'")
        + "), 0)::bigint";

    /// <summary>
    /// $1 tenant, $2 from, $3 to → week, viewed, stats of minutes, opened, stats of hours: findings of
    /// <paramref name="findingScope"/> by the ISO week (Monday 00:00 UTC) of their first view, remediations by the
    /// week of their first opening. One statement per scope, so each reads its own partial index.
    /// </summary>
    public static string WeeklyTrend(string findingScope) => WeeklyTrends[findingScope];

    private static readonly Dictionary<string, string> WeeklyTrends = SeverityScope.All.ToDictionary(
        scope => scope,
        scope => $"""
            WITH findings AS (
            {ScopedFindings(scope)}),
            {OpenedCte},
            finding_weeks AS (
                SELECT date_trunc('week', first_view AT TIME ZONE 'UTC') AS week, count(*) AS viewed, {StatsSql.Of("minutes")}
                FROM findings GROUP BY 1),
            remediation_weeks AS (
                SELECT date_trunc('week', first_open AT TIME ZONE 'UTC') AS week, count(*) AS opened, {StatsSql.Of("hours")}
                FROM opened GROUP BY 1)
            SELECT week, viewed, minutes_count, minutes_mean, minutes_median, minutes_p90,
                   opened, hours_count, hours_mean, hours_median, hours_p90
            FROM finding_weeks FULL JOIN remediation_weeks USING (week)
            ORDER BY week
            """,
        StringComparer.Ordinal);
}
