using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Known answers: a hand-built history sent through the real pipeline, and every figure of the analytics API
/// worked out by hand below (docs/analytics.md, "Definitions"). Another tenant's events on
/// the same object ids run beside it and must never show. The main window is whole UTC days (every count from
/// the daily tables); a third tenant's history is read through a window that cuts days (the edges read from the
/// events) and shows what issue 14 changed on purpose: a finding or remediation counts in the window of its first
/// view or opening, and is acknowledged or completed whenever that happened.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class AnalyticsTests(VectorVueAppFixture fixture) : IAsyncLifetime
{
    // Midnight UTC three days ago: inside the ingestion contract's 7-day event age, two UTC days of events.
    private static readonly DateTimeOffset T0 = new(DateTime.UtcNow.Date.AddDays(-3), TimeSpan.Zero);
    private static readonly DateTimeOffset From = T0.AddDays(-1);
    private static readonly DateTimeOffset To = T0.AddDays(3);

    // The history is sent once for the whole class (xunit makes an instance per test).
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static Tenants? _seeded;

    // The edge tenant's window [T0+6h, T0+66h): a partial day 0 (06:00–24:00), the whole day 1, a partial day 2 (00:00–18:00).
    private static readonly DateTimeOffset EdgeFrom = T0.AddHours(6);
    private static readonly DateTimeOffset EdgeTo = T0.AddHours(66);

    private sealed record Tenants(Guid Tenant, string Token, Guid OtherTenant, string OtherToken, Guid EdgeTenant, string EdgeToken);

    private Guid _tenant;
    private Guid _otherTenant;
    private string _token = "";
    private string _otherToken = "";
    private Guid _edgeTenant;
    private string _edgeToken = "";

    public async Task InitializeAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            _seeded ??= await SeedAsync();
        }
        finally
        {
            SeedLock.Release();
        }

        (_tenant, _token, _otherTenant, _otherToken, _edgeTenant, _edgeToken) = _seeded;
    }

    private async Task<Tenants> SeedAsync()
    {
        var (tenant, _, analyst) = await fixture.CreateTenantAsync();
        var second = await AddUserAsync(tenant);
        var (otherTenant, _, otherUser) = await fixture.CreateTenantAsync();
        var token = fixture.TokenFor(tenant, analyst);

        var accepted = await History().SendAsync(fixture.CreateApiClient(token));
        accepted.AddRange(await new PortalActivity()
            .Add("REPORT_DOWNLOADED", "rep-1", null, T0.AddHours(2))
            .Add("REPORT_DOWNLOADED", "rep-1", null, T0.AddHours(26))
            .Add("REPORT_DOWNLOADED", "rep-2", null, T0.AddHours(27))
            .SendAsync(fixture.CreateApiClient(fixture.TokenFor(tenant, second))));
        // A token without a user: its events count everywhere except in active users.
        accepted.AddRange(await new PortalActivity()
            .Add("DASHBOARD_VIEWED", "main", null, T0)
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(1))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(25))
            .SendAsync(fixture.CreateApiClient(fixture.TokenFor(tenant))));
        await fixture.AuditAsync(tenant, accepted);

        // The other tenant: the same finding and remediation ids, other timings; it would change every figure above.
        var otherToken = fixture.TokenFor(otherTenant, otherUser);
        var other = await new PortalActivity()
            .Viewed("F1", "critical", T0).Acknowledged("F1", T0.AddMinutes(1))
            .Viewed("F4", "critical", T0).Acknowledged("F4", T0.AddMinutes(2))
            .Viewed("F9", "critical", T0).Acknowledged("F9", T0.AddMinutes(3))
            .Opened("R3", "critical", T0).Completed("R3", T0.AddHours(1))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(50))
            .Add("REPORT_DOWNLOADED", "rep-9", null, T0.AddHours(50))
            .SendAsync(fixture.CreateApiClient(otherToken));
        await fixture.AuditAsync(otherTenant, other);

        var (edgeTenant, edgeToken) = await SeedEdgeTenantAsync();
        return new Tenants(tenant, token, otherTenant, otherToken, edgeTenant, edgeToken);
    }

    /// <summary>
    /// The edge tenant: events just outside and inside both edges of [T0+6h, T0+66h), on the whole day between, and
    /// acknowledgements and completions after the window's end (every instant is before now: T0+72h ≤ now).
    /// </summary>
    private async Task<(Guid Tenant, string Token)> SeedEdgeTenantAsync()
    {
        var (tenant, _, analyst) = await fixture.CreateTenantAsync();
        var second = await AddUserAsync(tenant);
        var third = await AddUserAsync(tenant);
        var token = fixture.TokenFor(tenant, analyst);

        var accepted = await new PortalActivity()
            // G1 critical: first viewed at T0+1h, before the window; viewed again and acknowledged inside it.
            .Viewed("G1", "critical", T0.AddHours(1)).Viewed("G1", "critical", T0.AddHours(30)).Acknowledged("G1", T0.AddHours(31))
            // G2 high: viewed at T0+7h (partial day 0), acknowledged at T0+70h, after the window's end.
            .Viewed("G2", "high", T0.AddHours(7)).Acknowledged("G2", T0.AddHours(70))
            // G3 critical: viewed at T0+50h (partial day 2), never acknowledged.
            .Viewed("G3", "critical", T0.AddHours(50))
            // G4 medium: viewed at T0+67h, after the window.
            .Viewed("G4", "medium", T0.AddHours(67))
            // G5 critical: viewed at T0+20h, acknowledged 45 min later.
            .Viewed("G5", "critical", T0.AddHours(20)).Acknowledged("G5", T0.AddHours(20).AddMinutes(45))
            // Q1 critical: opened at T0+8h, completed at T0+70h, after the window's end.
            .Opened("Q1", "critical", T0.AddHours(8)).Completed("Q1", T0.AddHours(70))
            // Q2 high: first opened at T0+3h, before the window; opened again and completed inside it.
            .Opened("Q2", "high", T0.AddHours(3)).Opened("Q2", "high", T0.AddHours(26)).Completed("Q2", T0.AddHours(28))
            // Q3 medium: opened at T0+40h, never completed.
            .Opened("Q3", "medium", T0.AddHours(40))
            .SendAsync(fixture.CreateApiClient(token));
        // Reports: rep-4 before the window, rep-1 on both partial days, rep-2 on the whole day, rep-3 at exactly its end.
        accepted.AddRange(await new PortalActivity()
            .Add("REPORT_DOWNLOADED", "rep-4", null, T0.AddHours(5))
            .Add("REPORT_DOWNLOADED", "rep-1", null, T0.AddHours(10))
            .Add("REPORT_DOWNLOADED", "rep-2", null, T0.AddHours(30))
            .Add("REPORT_DOWNLOADED", "rep-1", null, T0.AddHours(60))
            .Add("REPORT_DOWNLOADED", "rep-3", null, T0.AddHours(66))
            .SendAsync(fixture.CreateApiClient(fixture.TokenFor(tenant, second))));
        // Dashboard views without a user: before, at exactly the start, the whole day twice, partial day 2, after.
        accepted.AddRange(await new PortalActivity()
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(2))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(6))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(30))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(31))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(65))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(70))
            .SendAsync(fixture.CreateApiClient(fixture.TokenFor(tenant))));
        // A third user active on days 0 and 2, but only outside the window.
        accepted.AddRange(await new PortalActivity()
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(1))
            .Add("DASHBOARD_VIEWED", "main", null, T0.AddHours(67))
            .SendAsync(fixture.CreateApiClient(fixture.TokenFor(tenant, third))));
        await fixture.AuditAsync(tenant, accepted);
        return (tenant, token);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The first user's findings and remediations; the expected figures are derived next to each test.</summary>
    private static PortalActivity History() => new PortalActivity()
        // F1 critical: viewed twice, acknowledged twice → 30 min (first view → first ack).
        .Viewed("F1", "critical", T0).Viewed("F1", "critical", T0.AddMinutes(10))
        .Acknowledged("F1", T0.AddMinutes(30)).Acknowledged("F1", T0.AddMinutes(50))
        // F2 critical → 90 min.
        .Viewed("F2", "critical", T0.AddHours(1)).Acknowledged("F2", T0.AddHours(1).AddMinutes(90))
        // F3 critical: its first acknowledgement (ever: T0-10min) precedes its first view → viewed, not acknowledged;
        // the later acknowledgement changes nothing (first_acknowledged_at keeps the earliest).
        .Acknowledged("F3", T0.AddMinutes(-10)).Viewed("F3", "critical", T0.AddHours(2)).Acknowledged("F3", T0.AddHours(3))
        // F4 critical: never acknowledged.
        .Viewed("F4", "critical", T0.AddHours(4))
        // F5 high → 20 min.
        .Viewed("F5", "high", T0.AddHours(5)).Acknowledged("F5", T0.AddHours(5).AddMinutes(20))
        // F6 viewed high, then critical: high 120 min, critical 60 min, any 120 min.
        .Viewed("F6", "high", T0.AddHours(6)).Viewed("F6", "critical", T0.AddHours(7)).Acknowledged("F6", T0.AddHours(8))
        // F7 without severity → only "any": 5 min.
        .Viewed("F7", null, T0.AddHours(9)).Acknowledged("F7", T0.AddHours(9).AddMinutes(5))
        // F8 medium → 600 min.
        .Viewed("F8", "medium", T0.AddHours(10)).Acknowledged("F8", T0.AddHours(20))
        // R1 critical, opened twice → 24 h from the first opening.
        .Opened("R1", "critical", T0).Opened("R1", "critical", T0.AddHours(2)).Completed("R1", T0.AddHours(24))
        // R2 high → 48 h.
        .Opened("R2", "high", T0.AddHours(1)).Completed("R2", T0.AddHours(49))
        // R3 critical: never completed (backlog, the oldest).
        .Opened("R3", "critical", T0.AddHours(2))
        // R4: completed before it was opened (first_completed_at T0+3h < first_opened_at T0+4h) → in the backlog.
        .Completed("R4", T0.AddHours(3)).Opened("R4", null, T0.AddHours(4))
        // R5: completed, never opened (no first_opened_at) → not a remediation of any window.
        // Every first view, acknowledgement, opening and completion here lies inside [T0-1d, T0+3d): issue 14's
        // definitions give the same answers as before for this window (the edge tenant below shows the difference).
        .Completed("R5", T0.AddHours(5));

    [Fact]
    public async Task Mtta_is_the_mean_of_first_view_to_first_acknowledgement_at_the_severity()
    {
        var mtta = (await GetAsync("mtta")).GetProperty("mtta");

        // critical: F1 30, F2 90, F6 60 (F3 acknowledged before its view, F4 never) → mean 60, median 60, p90 30..90 at 0.9·2 = 84.
        AssertDuration(mtta, "minutes", count: 3, mean: 60.00m, median: 60.00m, p90: 84.00m);
        Assert.Equal("critical", mtta.GetProperty("severity").GetString());

        var bySeverity = BySeverity(mtta);
        AssertDuration(bySeverity["high"], "minutes", count: 2, mean: 70.00m, median: 70.00m, p90: 110.00m); // F5 20, F6 120
        AssertDuration(bySeverity["medium"], "minutes", count: 1, mean: 600.00m, median: 600.00m, p90: 600.00m);
        AssertDuration(bySeverity["low"], "minutes", count: 0, mean: null, median: null, p90: null);

        // any severity: F1 30, F2 90, F5 20, F6 120, F7 5, F8 600 → 865 / 6 = 144.1666… → 144.17.
        var any = (await GetAsync("mtta", "severity=any")).GetProperty("mtta");
        AssertDuration(any, "minutes", count: 6, mean: 144.17m, median: 60.00m, p90: 360.00m);
        // high, asked for directly.
        AssertDuration((await GetAsync("mtta", "severity=HIGH")).GetProperty("mtta"), "minutes", count: 2, mean: 70.00m, median: 70.00m, p90: 110.00m);
    }

    [Fact]
    public async Task Mttr_is_the_mean_of_first_opening_to_first_completion()
    {
        var mttr = (await GetAsync("mttr")).GetProperty("mttr");

        // R1 24 h, R2 48 h; R3 never completed, R4 completed before opening, R5 never opened.
        AssertDuration(mttr, "hours", count: 2, mean: 36.00m, median: 36.00m, p90: 45.60m);
        Assert.Equal("any", mttr.GetProperty("severity").GetString());
        var bySeverity = BySeverity(mttr);
        AssertDuration(bySeverity["critical"], "hours", count: 1, mean: 24.00m, median: 24.00m, p90: 24.00m);
        AssertDuration(bySeverity["high"], "hours", count: 1, mean: 48.00m, median: 48.00m, p90: 48.00m);
        AssertDuration((await GetAsync("mttr", "severity=critical")).GetProperty("mttr"), "hours", count: 1, mean: 24.00m, median: 24.00m, p90: 24.00m);
    }

    [Fact]
    public async Task Awareness_counts_findings_views_dashboard_days_reports_and_users()
    {
        var awareness = (await GetAsync("awareness")).GetProperty("awareness");
        var bySeverity = awareness.GetProperty("by_severity").EnumerateArray().ToDictionary(s => s.GetProperty("severity").GetString()!);

        // critical: F1 (2 views), F2, F3, F4, F6 → 5 findings, 6 views, 3 acknowledged at or after the view.
        AssertCounts(bySeverity["critical"], viewed: 5, views: 6, acknowledged: 3, share: 0.6m);
        AssertCounts(bySeverity["high"], viewed: 2, views: 2, acknowledged: 2, share: 1m);
        AssertCounts(bySeverity["medium"], viewed: 1, views: 1, acknowledged: 1, share: 1m);
        AssertCounts(bySeverity["low"], viewed: 0, views: 0, acknowledged: 0, share: null);

        Assert.Equal(8, awareness.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(10, awareness.GetProperty("finding_views").GetInt64());
        Assert.Equal(0.8m, awareness.GetProperty("critical_high_view_share").GetDecimal()); // (6 + 2) / 10
        Assert.Equal(2, awareness.GetProperty("dashboard_active_days").GetInt64()); // day 0 twice, day 1
        Assert.Equal(4, awareness.GetProperty("days_in_window").GetInt32());
        Assert.Equal(0.5m, awareness.GetProperty("dashboard_active_day_share").GetDecimal());
        Assert.Equal(3, awareness.GetProperty("report_downloads").GetInt64());
        Assert.Equal(2, awareness.GetProperty("reports_downloaded").GetInt64());
        Assert.Equal(2, awareness.GetProperty("active_users").GetInt64()); // the analyst and the second user; not the user-less token
        Assert.True(awareness.GetProperty("formulas").EnumerateObject().Any());
    }

    [Fact]
    public async Task Responsiveness_gives_rates_backlog_and_a_score_with_its_formula()
    {
        var responsiveness = (await GetAsync("responsiveness")).GetProperty("responsiveness");

        Assert.Equal(8, responsiveness.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(6, responsiveness.GetProperty("findings_acknowledged").GetInt64());
        Assert.Equal(0.75m, responsiveness.GetProperty("acknowledgement_rate").GetDecimal());
        Assert.Equal(4, responsiveness.GetProperty("remediations_opened").GetInt64()); // R1..R4
        Assert.Equal(2, responsiveness.GetProperty("remediations_completed").GetInt64());
        Assert.Equal(0.5m, responsiveness.GetProperty("completion_rate").GetDecimal());
        Assert.Equal(2, responsiveness.GetProperty("open_backlog").GetInt64()); // R3, R4
        Assert.Equal(70.00m, responsiveness.GetProperty("oldest_open_age_hours").GetDecimal()); // R3 opened T0+2h, to = T0+72h

        // 30·0.75 + 30·0.5 + 20·min(1, 240/144.17) + 20·min(1, 168/36) = 22.5 + 15 + 20 + 20.
        var score = responsiveness.GetProperty("score");
        Assert.Equal(77.5m, score.GetProperty("value").GetDecimal());
        Assert.Contains("sum(weight * value)", score.GetProperty("formula").GetString());
        var points = score.GetProperty("components").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!, c => c.GetProperty("points").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal>
        {
            ["acknowledgement_rate"] = 22.5m, ["completion_rate"] = 15m, ["acknowledgement_speed"] = 20m, ["remediation_speed"] = 20m,
        }, points);

        // critical only: 3 of 5 acknowledged, R1 of R1+R3 completed → 18 + 15 + 20 + 20.
        var critical = (await GetAsync("responsiveness", "severity=critical")).GetProperty("responsiveness");
        Assert.Equal(73.0m, critical.GetProperty("score").GetProperty("value").GetDecimal());
        Assert.Equal(1, critical.GetProperty("open_backlog").GetInt64());
    }

    [Fact]
    public async Task The_weekly_trend_puts_findings_in_the_week_of_their_first_view()
    {
        var trend = (await GetAsync("trend")).GetProperty("trend");
        var weeks = trend.GetProperty("weeks").EnumerateArray().ToList();

        var expectedWeeks = IsoWeeks.Spanning(new AnalyticsWindow(From, To)).ToList();
        Assert.Equal(expectedWeeks, weeks.Select(w => w.GetProperty("week_start").GetDateTimeOffset()));
        var week0 = weeks.Single(w => w.GetProperty("week_start").GetDateTimeOffset() == IsoWeeks.StartOf(T0));
        // Every first view and first opening is on day 0.
        Assert.Equal(5, week0.GetProperty("findings_viewed").GetInt64());
        AssertDuration(week0.GetProperty("mtta"), "minutes", count: 3, mean: 60.00m, median: 60.00m, p90: 84.00m);
        Assert.Equal(4, week0.GetProperty("remediations_opened").GetInt64());
        AssertDuration(week0.GetProperty("mttr"), "hours", count: 2, mean: 36.00m, median: 36.00m, p90: 45.60m);
        Assert.Equal(5, weeks.Sum(w => w.GetProperty("findings_viewed").GetInt64()));
    }

    [Fact]
    public async Task The_summary_holds_every_figure()
    {
        var summary = await GetAsync("summary");

        Assert.Equal(_tenant, summary.GetProperty("tenant_id").GetGuid());
        Assert.Equal(From, summary.GetProperty("window").GetProperty("from").GetDateTimeOffset());
        Assert.Equal(60.00m, summary.GetProperty("mtta").GetProperty("mean_minutes").GetDecimal());
        Assert.Equal(36.00m, summary.GetProperty("mttr").GetProperty("mean_hours").GetDecimal());
        Assert.Equal(8, summary.GetProperty("awareness").GetProperty("findings_viewed").GetInt64());
        Assert.Equal(77.5m, summary.GetProperty("responsiveness").GetProperty("score").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task An_empty_window_has_zero_counts_and_no_means()
    {
        var summary = await GetAsync("summary", window: (T0.AddDays(-30), T0.AddDays(-20)));

        Assert.Equal(0, summary.GetProperty("mtta").GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("mtta").GetProperty("mean_minutes").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("mttr").GetProperty("mean_hours").ValueKind);
        Assert.Equal(0, summary.GetProperty("awareness").GetProperty("findings_viewed").GetInt64());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("awareness").GetProperty("critical_high_view_share").ValueKind);
        var score = summary.GetProperty("responsiveness").GetProperty("score");
        Assert.Equal(JsonValueKind.Null, score.GetProperty("value").ValueKind);
        Assert.Contains("nothing to score", score.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_figures_whatever_it_asks()
    {
        // The other tenant's own view: F1, F4, F9 acknowledged within 1-3 min, R3 completed in 1 h.
        using var otherClient = fixture.CreateApiClient(_otherToken);
        var own = await GetAsync(otherClient, "summary", $"from={Iso(From)}&to={Iso(To)}");
        Assert.Equal(2.00m, own.GetProperty("mtta").GetProperty("mean_minutes").GetDecimal());

        // Tenant A naming tenant B in every way a query could: still A's figures, A's id.
        using var client = fixture.CreateApiClient(_token);
        foreach (var attempt in (string[])[$"tenant_id={_otherTenant}", $"tenant={_otherTenant}", $"tenantId={_otherTenant}"])
        {
            var summary = await GetAsync(client, "summary", $"from={Iso(From)}&to={Iso(To)}&{attempt}");
            Assert.Equal(_tenant, summary.GetProperty("tenant_id").GetGuid());
            Assert.Equal(60.00m, summary.GetProperty("mtta").GetProperty("mean_minutes").GetDecimal());
            Assert.Equal(36.00m, summary.GetProperty("mttr").GetProperty("mean_hours").GetDecimal());
            Assert.Equal(2, summary.GetProperty("awareness").GetProperty("reports_downloaded").GetInt64());
        }
    }

    [Theory]
    [InlineData("mtta", "severity=urgent", "severity")]
    [InlineData("mtta", "severity=", "severity")]
    [InlineData("mtta", "severity=high&severity=low", "severity")]
    [InlineData("summary", "severity=critical", "severity")]
    [InlineData("awareness", "severity=high", "severity")]
    [InlineData("mttr", "from=yesterday", "from")]
    [InlineData("trend", "to=11/26/2026", "to")]
    [InlineData("responsiveness", "from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z", "from")]
    [InlineData("summary", "from=2020-01-01&to=2026-01-01", "from")]
    // Extreme instants: the default from before year 1, a trend's weeks past 9999, Npgsql's -infinity/infinity
    // (DateTimeOffset.MinValue/MaxValue), offsets pushing an instant out of range, years before 1970.
    [InlineData("summary", "to=0001-01-05", "to")]
    [InlineData("trend", "to=9999-12-31T23:59:59Z", "to")]
    [InlineData("trend", "from=9999-12-01&to=9999-12-31", "from")]
    [InlineData("mtta", "from=0001-01-01&to=0001-03-01", "from")]
    [InlineData("mttr", "to=0001-01-01T00:00:00Z", "to")]
    [InlineData("awareness", "from=9999-12-31T23:59:59.9999999Z", "from")]
    [InlineData("responsiveness", "from=0001-01-01T00:00:00%2B14:00", "from")]
    [InlineData("trend", "to=9999-12-31T23:59:59-14:00", "to")]
    [InlineData("summary", "from=1969-12-01&to=1970-01-02", "from")]
    [InlineData("trend", "to=10000-01-01", "to")]
    public async Task Bad_parameters_get_a_problem_naming_them(string endpoint, string query, string parameter)
    {
        using var client = fixture.CreateApiClient(_token);
        var response = await client.GetAsync($"/api/v1/client/analytics/{endpoint}?{query}");

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_parameters");
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task No_token_is_401_and_an_unknown_tenant_403_as_problems()
    {
        using var anonymous = fixture.CreateApiClient();
        await ApiClient.AssertProblemAsync(
            await anonymous.GetAsync("/api/v1/client/analytics/summary"), HttpStatusCode.Unauthorized, "unauthorized");

        using var stranger = fixture.CreateApiClient(fixture.TokenFor(Guid.NewGuid(), "nobody"));
        await ApiClient.AssertProblemAsync(
            await stranger.GetAsync("/api/v1/client/analytics/summary"), HttpStatusCode.Forbidden, "unknown_tenant");
    }

    [Fact]
    public async Task The_default_window_is_the_last_90_days()
    {
        var window = (await GetAsync(fixture.CreateApiClient(_token), "summary", "")).GetProperty("window");
        var to = window.GetProperty("to").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromDays(90), to - window.GetProperty("from").GetDateTimeOffset());
        Assert.InRange(DateTimeOffset.UtcNow - to, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Equal(8, (await GetAsync(fixture.CreateApiClient(_token), "summary", "")).GetProperty("awareness").GetProperty("findings_viewed").GetInt64());
    }

    [Fact]
    public async Task A_finding_counts_in_the_window_of_its_first_view_acknowledged_whenever_that_was()
    {
        var window = (EdgeFrom, EdgeTo);
        var mtta = (await GetEdgeAsync("mtta", "severity=any", window)).GetProperty("mtta");

        // any: G2 (first view T0+7h), G3 (T0+50h), G5 (T0+20h) are in the window; G1's first view (T0+1h) is before
        // it, so its view at T0+30h no longer makes it a finding of this window (before issue 14 it did: 60 min).
        // G2's acknowledgement at T0+70h, after the window's end, counts (before: not acknowledged):
        // G2 T0+7h → T0+70h = 63 h = 3780 min, G5 45 min → mean (3780 + 45) / 2 = 1912.5,
        // median 1912.5, p90 = 45 + 0.9 · (3780 − 45) = 3406.5.
        AssertDuration(mtta, "minutes", count: 2, mean: 1912.50m, median: 1912.50m, p90: 3406.50m);
        var bySeverity = BySeverity(mtta);
        AssertDuration(bySeverity["critical"], "minutes", count: 1, mean: 45.00m, median: 45.00m, p90: 45.00m); // G5; G3 never; G1 not here
        AssertDuration(bySeverity["high"], "minutes", count: 1, mean: 3780.00m, median: 3780.00m, p90: 3780.00m); // G2
        AssertDuration(bySeverity["medium"], "minutes", count: 0, mean: null, median: null, p90: null); // G4 after the window

        var awareness = (await GetEdgeAsync("awareness", "", window)).GetProperty("awareness");
        var severities = awareness.GetProperty("by_severity").EnumerateArray().ToDictionary(s => s.GetProperty("severity").GetString()!);
        // critical: findings G3, G5 (2), acknowledged G5 (1); views are the window's FINDING_VIEWED events whatever
        // the finding's first view: G1 at T0+30h, G3, G5 → 3.
        AssertCounts(severities["critical"], viewed: 2, views: 3, acknowledged: 1, share: 0.5m);
        AssertCounts(severities["high"], viewed: 1, views: 1, acknowledged: 1, share: 1m);
        AssertCounts(severities["medium"], viewed: 0, views: 0, acknowledged: 0, share: null);
        Assert.Equal(3, awareness.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(4, awareness.GetProperty("finding_views").GetInt64()); // G1@30h, G2@7h, G3@50h, G5@20h
        Assert.Equal(1m, awareness.GetProperty("critical_high_view_share").GetDecimal()); // (3 + 1) / 4
    }

    [Fact]
    public async Task A_remediation_counts_in_the_window_of_its_first_opening_completed_whenever_that_was()
    {
        var window = (EdgeFrom, EdgeTo);
        var mttr = (await GetEdgeAsync("mttr", "", window)).GetProperty("mttr");

        // Q1 opened T0+8h, completed T0+70h after the window's end → 62 h (before issue 14: in the backlog).
        // Q2 was first opened at T0+3h, before the window: its opening at T0+26h no longer counts (before: 2 h).
        AssertDuration(mttr, "hours", count: 1, mean: 62.00m, median: 62.00m, p90: 62.00m);
        AssertDuration(BySeverity(mttr)["critical"], "hours", count: 1, mean: 62.00m, median: 62.00m, p90: 62.00m);
        AssertDuration(BySeverity(mttr)["high"], "hours", count: 0, mean: null, median: null, p90: null);

        var responsiveness = (await GetEdgeAsync("responsiveness", "", window)).GetProperty("responsiveness");
        Assert.Equal(3, responsiveness.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(2, responsiveness.GetProperty("findings_acknowledged").GetInt64()); // G2, G5
        Assert.Equal(2, responsiveness.GetProperty("remediations_opened").GetInt64()); // Q1, Q3
        Assert.Equal(1, responsiveness.GetProperty("remediations_completed").GetInt64()); // Q1
        Assert.Equal(1, responsiveness.GetProperty("open_backlog").GetInt64()); // Q3
        Assert.Equal(26.00m, responsiveness.GetProperty("oldest_open_age_hours").GetDecimal()); // Q3 opened T0+40h, to = T0+66h

        // The trend (critical): G5 and G3 first viewed in the window, G5 acknowledged in 45 min; Q1 and Q3 opened.
        var weeks = (await GetEdgeAsync("trend", "", window)).GetProperty("trend").GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(2, weeks.Sum(w => w.GetProperty("findings_viewed").GetInt64()));
        Assert.Equal(2, weeks.Sum(w => w.GetProperty("remediations_opened").GetInt64()));
        Assert.Equal(1, weeks.Sum(w => w.GetProperty("mtta").GetProperty("count").GetInt64()));
        Assert.Equal(1, weeks.Sum(w => w.GetProperty("mttr").GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Counts_over_a_window_that_cuts_days_take_the_partial_days_from_the_events()
    {
        var awareness = (await GetEdgeAsync("awareness", "", (EdgeFrom, EdgeTo))).GetProperty("awareness");

        // [T0+6h, T0+66h): dashboard views at T0+6h (day 0, the start itself), T0+30h and T0+31h (day 1),
        // T0+65h (day 2) → 3 days of 3 (60 h: two partial days and a whole one); T0+2h and T0+70h are outside.
        Assert.Equal(3, awareness.GetProperty("dashboard_active_days").GetInt64());
        Assert.Equal(3, awareness.GetProperty("days_in_window").GetInt32());
        Assert.Equal(1m, awareness.GetProperty("dashboard_active_day_share").GetDecimal());
        // Downloads: rep-1 T0+10h (day 0), rep-2 T0+30h (day 1), rep-1 T0+60h (day 2) → 3, 2 distinct reports;
        // rep-4 at T0+5h is before the window, rep-3 at T0+66h exactly at its (excluded) end.
        Assert.Equal(3, awareness.GetProperty("report_downloads").GetInt64());
        Assert.Equal(2, awareness.GetProperty("reports_downloaded").GetInt64());
        // The analyst (events on days 0, 1 and 2: counted once) and the second user; the third user's events
        // (T0+1h, T0+67h) are outside; the user-less token is never a user.
        Assert.Equal(2, awareness.GetProperty("active_users").GetInt64());
    }

    [Fact]
    public async Task Counts_from_the_daily_tables_and_edges_equal_the_counts_of_the_windows_events()
    {
        // Every count the summary reads from the incremental tables equals the same count over the window's events
        // (the datasets' path), for windows of whole days, cutting days, within one day, and the default 90 days.
        await using var dataSource = NpgsqlDataSource.Create(await fixture.GetDatabaseConnectionStringAsync());
        var reader = new TenantFiguresReader(dataSource);
        var now = DateTimeOffset.UtcNow;
        foreach (var (tenant, window) in new (Guid, AnalyticsWindow)[]
        {
            (_tenant, new(From, To)),
            (_tenant, AnalyticsWindow.Ending(now, TimeSpan.FromDays(90))),
            (_edgeTenant, new(EdgeFrom, EdgeTo)),
            (_edgeTenant, new(T0.AddHours(7), T0.AddHours(31))),
            (_edgeTenant, new(T0.AddHours(25), T0.AddHours(30).AddMinutes(30))),
            (_edgeTenant, AnalyticsWindow.Ending(now, TimeSpan.FromDays(90))),
        })
        {
            var incremental = await reader.ReadAsync(tenant, window, CancellationToken.None);
            TenantFigures local;
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead))
            {
                local = await TenantFiguresReader.ReadFromWindowEventsAsync(connection, tenant, window, CancellationToken.None);
            }

            Assert.Equal(local.Activity, incremental.Activity);
            Assert.Equal(
                SeverityScope.All.Select(scope => local.FindingsOf(scope).Views),
                SeverityScope.All.Select(scope => incremental.FindingsOf(scope).Views));
        }
    }

    [Fact]
    public async Task Every_figure_statement_is_an_index_plan()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        // As the figure reader does (TenantFiguresReader): the point is that each statement reads one tenant's range of
        // an index that leads with tenant_id, never a scan of a whole table.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET max_parallel_workers_per_gather = 0", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        // The event table's index is partitioned: a plan names the index of each month's partition it reads.
        var eventIndexes = string.Join('|', await NamesAsync(connection, """
            WITH RECURSIVE tree(oid) AS (
                SELECT 'ix_client_activity_events_tenant_timestamp'::regclass::oid
                UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid)
            SELECT c.relname FROM tree JOIN pg_class c ON c.oid = tree.oid
            """));
        var eventRange = $@"(Index Scan using|Index Only Scan using|Bitmap Index Scan on) ({eventIndexes})\b[^\n]*\n\s*Index Cond: \(\(tenant_id = [^)]+\) AND \(""timestamp"" >= [^)]+\) AND \(""timestamp"" < [^)]+\)\)";
        // EXPLAIN quotes a name that needs quoting (the primary keys' "PK_…").
        string Key(params string[] indexes) => $@"(Index Scan using|Index Only Scan using|Bitmap Index Scan on) ""?({string.Join('|', indexes)})\b";
        async Task<string> PrimaryKeyAsync(string table) =>
            (await NamesAsync(connection, $"SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = '{table}'::regclass AND i.indisprimary")).Single();

        // A scope's first views through its partial index, or — when the planner expects most of the tenant's rows in
        // the window — through the primary key's tenant range; both read one tenant's rows only.
        var findingKey = await PrimaryKeyAsync(IncrementalFigureSql.FindingLifecycles);
        var findingIndexes = SeverityScope.All.Select(scope => Key(findingKey, scope == SeverityScope.Any
            ? "ix_finding_lifecycles_first_viewed" : "ix_finding_lifecycles_first_viewed_" + scope)).ToList();
        var remediationIndex = Key(await PrimaryKeyAsync(IncrementalFigureSql.RemediationLifecycles), "ix_remediation_lifecycles_first_opened");
        var dailyIndexes = new[]
        {
            await PrimaryKeyAsync(IncrementalFigureSql.DailyEventCounts),
            await PrimaryKeyAsync(IncrementalFigureSql.DailyActiveUsers),
            await PrimaryKeyAsync(IncrementalFigureSql.DailyReportDownloads),
        };

        // The edge tenant's window cuts days: the counts read both edges from the events and the whole day between.
        var edges = new AnalyticsWindow(EdgeFrom, EdgeTo);
        var statements = new List<(string Name, NpgsqlCommand Command, string[] Patterns)>
        {
            ("findings", Command(IncrementalFigureSql.Findings, edges), [.. findingIndexes]),
            ("remediations", Command(IncrementalFigureSql.Remediations, edges), [remediationIndex]),
            ("counts", TenantFiguresReader.WithDays(Command(IncrementalFigureSql.Counts, edges), edges), [eventRange, .. dailyIndexes.Select(index => Key(index))]),
            ("counts, whole days", TenantFiguresReader.WithDays(Command(IncrementalFigureSql.Counts, new(From, To)), new(From, To)), [.. dailyIndexes.Select(index => Key(index))]),
            ("dataset findings", Command(WindowEventFigureSql.Findings, edges), [eventRange]),
            ("dataset remediations", Command(WindowEventFigureSql.Remediations, edges), [eventRange]),
            ("dataset activity", Command(WindowEventFigureSql.Activity, edges), [eventRange]),
        };
        for (var i = 0; i < SeverityScope.All.Count; i++)
        {
            var scope = SeverityScope.All[i];
            statements.Add(("trend " + scope, Command(IncrementalFigureSql.WeeklyTrend(scope), edges), [findingIndexes[i], remediationIndex]));
        }

        foreach (var (name, command, patterns) in statements)
        {
            await using (command)
            {
                command.CommandText = "EXPLAIN " + command.CommandText;
                command.Connection = connection;
                var text = string.Join('\n', await LinesAsync(command));
                Assert.DoesNotContain("Seq Scan", text);
                foreach (var pattern in patterns)
                {
                    Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, pattern), $"{name}: no match for {pattern}\n{text}");
                }
            }
        }

        NpgsqlCommand Command(string sql, AnalyticsWindow window) => TenantFiguresReader.WithWindow(new NpgsqlCommand(sql), _edgeTenant, window);
    }

    private static async Task<List<string>> NamesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await LinesAsync(command);
    }

    private static async Task<List<string>> LinesAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private async Task<JsonElement> GetEdgeAsync(string endpoint, string query, (DateTimeOffset From, DateTimeOffset To) window)
    {
        using var client = fixture.CreateApiClient(_edgeToken);
        return await GetAsync(client, endpoint, $"from={Iso(window.From)}&to={Iso(window.To)}" + (query.Length > 0 ? "&" + query : ""));
    }

    private async Task<JsonElement> GetAsync(string endpoint, string query = "", (DateTimeOffset From, DateTimeOffset To)? window = null)
    {
        var (from, to) = window ?? (From, To);
        using var client = fixture.CreateApiClient(_token);
        return await GetAsync(client, endpoint, $"from={Iso(from)}&to={Iso(to)}" + (query.Length > 0 ? "&" + query : ""));
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string endpoint, string query)
    {
        using var response = await client.GetAsync($"/api/v1/client/analytics/{endpoint}?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{endpoint}?{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Iso(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    private static Dictionary<string, JsonElement> BySeverity(JsonElement report) =>
        report.GetProperty("by_severity").EnumerateArray().ToDictionary(s => s.GetProperty("severity").GetString()!);

    private static void AssertDuration(JsonElement figure, string unit, long count, decimal? mean, decimal? median, decimal? p90)
    {
        Assert.Equal(count, figure.GetProperty("count").GetInt64());
        Assert.Equal(mean, Decimal(figure, "mean_" + unit));
        Assert.Equal(median, Decimal(figure, "median_" + unit));
        Assert.Equal(p90, Decimal(figure, "p90_" + unit));
    }

    private static void AssertCounts(JsonElement severity, long viewed, long views, long acknowledged, decimal? share)
    {
        Assert.Equal(viewed, severity.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(views, severity.GetProperty("views").GetInt64());
        Assert.Equal(acknowledged, severity.GetProperty("acknowledged").GetInt64());
        Assert.Equal(share, Decimal(severity, "acknowledged_share"));
    }

    private static decimal? Decimal(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetDecimal();

    private async Task<string> AddUserAsync(Guid tenantId)
    {
        var username = "second-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("INSERT INTO users (id, tenant_id, username) VALUES ($1, $2, $3)", connection)
        {
            Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = tenantId }, new() { Value = username } },
        };
        await command.ExecuteNonQueryAsync();
        return username;
    }
}
