using System.Globalization;
using VectorVue.Contracts;

namespace VectorVue.Seeder;

/// <summary>
/// Generates one tenant's portal history over [window start, anchor): exactly its event budget, the same events
/// for the same seed and window every time, produced one at a time (nothing is held but the current finding).
/// Dashboard views and report downloads take their shares of the budget; findings fill the rest. Finding i is
/// published at the golden-ratio point i·φ mod 1 of the window, so however many findings the budget pays for,
/// they cover the whole window evenly; each lives through views, an acknowledgement and a remediation as the
/// tenant's <see cref="TenantProfile"/> decides, and whatever would happen after the anchor has not happened yet.
/// </summary>
internal static class HistoryGenerator
{
    private const double GoldenRatioFraction = 0.6180339887498949;
    private static readonly TimeSpan BusinessDayStart = TimeSpan.FromHours(7);
    private static readonly TimeSpan BusinessDayLength = TimeSpan.FromHours(12);

    /// <summary>Every tenant of the plan, one after the other.</summary>
    public static IEnumerable<SeedEvent> Generate(SeedPlan plan) =>
        plan.Tenants.SelectMany(tenant => Generate(tenant, plan.Options.Seed, plan.Options.WindowStart, plan.Options.Anchor));

    public static IEnumerable<SeedEvent> Generate(SeedTenant tenant, long seed, DateTimeOffset windowStart, DateTimeOffset anchor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(anchor, windowStart);
        var profile = tenant.Profile;
        var dashboardViews = (int)(tenant.EventBudget * profile.DashboardShare);
        var reports = (int)(tenant.EventBudget * profile.ReportShare);
        var factory = new EventFactory(tenant, SeededRandom.For(seed, profile.Key + "/received"));

        foreach (var e in Dashboard(tenant, factory, SeededRandom.For(seed, profile.Key + "/dashboard"), windowStart, anchor, dashboardViews))
        {
            yield return e;
        }

        foreach (var e in Reports(tenant, factory, SeededRandom.For(seed, profile.Key + "/reports"), windowStart, anchor, reports))
        {
            yield return e;
        }

        foreach (var e in Findings(tenant, factory, SeededRandom.For(seed, profile.Key + "/findings"), windowStart, anchor))
        {
            yield return e;
        }
    }

    /// <summary>Each user looks at the dashboard on a day with the profile's probability; the views are spread over those days.</summary>
    private static IEnumerable<SeedEvent> Dashboard(
        SeedTenant tenant, EventFactory factory, SeededRandom random, DateTimeOffset windowStart, DateTimeOffset anchor, int views)
    {
        var days = Math.Max(1, (int)Math.Ceiling((anchor - windowStart).TotalDays));
        var users = tenant.Users;
        var active = new bool[days * users.Count];
        var activeCount = 0;
        for (var i = 0; i < active.Length; i++)
        {
            active[i] = random.Chance(tenant.Profile.DashboardDayProbability);
            activeCount += active[i] ? 1 : 0;
        }

        if (activeCount == 0)
        {
            active[^1] = true;
            activeCount = 1;
        }

        var pair = 0;
        for (var day = 0; day < days; day++)
        {
            for (var u = 0; u < users.Count; u++)
            {
                if (!active[day * users.Count + u])
                {
                    continue;
                }

                var count = views / activeCount + (pair++ < views % activeCount ? 1 : 0);
                for (var v = 0; v < count; v++)
                {
                    var at = BusinessHour(windowStart.AddDays(day), random, anchor);
                    yield return factory.Create(users[u], EventTypes.DashboardViewed, "overview", null, at, PortalMetadata.Dashboard);
                }
            }
        }
    }

    /// <summary>Weekly reports (named by the week they cover), downloaded by any user during that week.</summary>
    private static IEnumerable<SeedEvent> Reports(
        SeedTenant tenant, EventFactory factory, SeededRandom random, DateTimeOffset windowStart, DateTimeOffset anchor, int downloads)
    {
        var weeks = Math.Max(1, (int)((anchor - windowStart).TotalDays / 7));
        for (var j = 0; j < downloads; j++)
        {
            var weekStart = windowStart.AddDays(7 * (j % weeks));
            var at = BusinessHour(weekStart.AddDays(random.Next(7)), random, anchor);
            var user = tenant.Users[random.Next(tenant.Users.Count)];
            var reportId = "RPT-" + weekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var metadata = random.Chance(0.8) ? PortalMetadata.ReportPdf : PortalMetadata.ReportCsv;
            yield return factory.Create(user, EventTypes.ReportDownloaded, reportId, null, at, metadata);
        }
    }

    private static IEnumerable<SeedEvent> Findings(
        SeedTenant tenant, EventFactory factory, SeededRandom random, DateTimeOffset windowStart, DateTimeOffset anchor)
    {
        var profile = tenant.Profile;
        var window = anchor - windowStart;
        var lifecycle = new List<Step>(16);
        // Every finding is published inside the window and first viewed soon after, so the loop ends; the cap
        // only turns a broken profile into an error instead of a hang.
        var maxFindings = (long)tenant.EventBudget * 20 + 1_000;
        for (var i = 0; factory.Count < tenant.EventBudget; i++)
        {
            if (i > maxFindings)
            {
                throw new InvalidOperationException($"Profile '{profile.Key}' produces no events inside the window.");
            }

            var published = windowStart + window * ((i + 1) * GoldenRatioFraction % 1.0);
            var s = PickSeverity(profile, random);
            var number = (i + 1).ToString("D5", CultureInfo.InvariantCulture);
            var findingId = $"VV-{published.Year}-{number}";
            var owner = tenant.Users[random.Next(tenant.Users.Count)];

            lifecycle.Clear();
            var firstView = published + Positive(random.LogNormal(profile.FirstViewMedian, 0.8));
            lifecycle.Add(new Step(firstView, EventTypes.FindingViewed, owner, PortalMetadata.FindingList));

            DateTimeOffset? acknowledged = random.Chance(profile.AcknowledgeProbability[s])
                ? firstView + Positive(random.LogNormal(profile.AcknowledgeMedian[s], profile.AcknowledgeSpread))
                : null;

            var lastLook = acknowledged ?? firstView + TimeSpan.FromDays(14);
            var extraViews = Poisson(random, profile.ExtraViews[s]);
            for (var v = 0; v < extraViews; v++)
            {
                var viewer = tenant.Users[random.Next(tenant.Users.Count)];
                var at = firstView + (lastLook - firstView) * random.NextDouble();
                lifecycle.Add(new Step(at, EventTypes.FindingViewed, viewer, PortalMetadata.FindingDetail));
            }

            if (acknowledged is { } ackAt)
            {
                // The owner opens the finding just before acknowledging it.
                var lookedAt = ackAt - TimeSpan.FromSeconds(10 + random.Next(170));
                if (lookedAt > firstView)
                {
                    lifecycle.Add(new Step(lookedAt, EventTypes.FindingViewed, owner, PortalMetadata.FindingDetail));
                }

                lifecycle.Add(new Step(ackAt, EventTypes.FindingAcknowledged, owner, PortalMetadata.Acknowledge));

                if (random.Chance(profile.RemediationProbability[s]))
                {
                    var opened = ackAt + Positive(random.LogNormal(profile.RemediationOpenMedian, 0.7));
                    lifecycle.Add(new Step(opened, EventTypes.RemediationOpened, owner, null));
                    if (random.Chance(profile.CompletionProbability))
                    {
                        var completed = opened + Positive(random.LogNormal(profile.RemediationCompleteMedian, 0.5));
                        lifecycle.Add(new Step(completed, EventTypes.RemediationCompleted, owner, null));
                    }
                }
            }

            lifecycle.Sort(static (a, b) => a.At.CompareTo(b.At));
            var remediationId = $"RM-{published.Year}-{number}";
            var remediationMetadata = PortalMetadata.Remediation(findingId);
            foreach (var step in lifecycle)
            {
                if (step.At >= anchor || factory.Count >= tenant.EventBudget)
                {
                    break; // not happened yet, or the budget is spent
                }

                var isFinding = step.EventType is EventTypes.FindingViewed or EventTypes.FindingAcknowledged;
                yield return factory.Create(
                    step.User,
                    step.EventType,
                    isFinding ? findingId : remediationId,
                    Severities.All[s],
                    step.At,
                    step.Metadata ?? remediationMetadata);
            }
        }
    }

    /// <returns>The index of the severity in <see cref="Severities.All"/> (and in the profile's per-severity arrays).</returns>
    private static int PickSeverity(TenantProfile profile, SeededRandom random)
    {
        var weights = profile.SeverityWeights;
        var roll = random.NextDouble() * weights.Sum();
        for (var s = 0; s < weights.Length - 1; s++)
        {
            roll -= weights[s];
            if (roll < 0)
            {
                return s;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>Knuth's method; the means here are small.</summary>
    private static int Poisson(SeededRandom random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    private static TimeSpan Positive(TimeSpan duration) => duration < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : duration;

    /// <summary>A moment of the working day (07:00–19:00 UTC) that starts at <paramref name="dayStart"/>, before the anchor.</summary>
    private static DateTimeOffset BusinessHour(DateTimeOffset dayStart, SeededRandom random, DateTimeOffset anchor)
    {
        var at = dayStart + BusinessDayStart + BusinessDayLength * random.NextDouble();
        return at < anchor ? at : dayStart + (anchor - dayStart) * random.NextDouble();
    }

    private readonly record struct Step(DateTimeOffset At, string EventType, SeedUser User, string? Metadata);

    /// <summary>Numbers a tenant's events (the index names the event id) and stamps them as the server would.</summary>
    private sealed class EventFactory(SeedTenant tenant, SeededRandom random)
    {
        public int Count { get; private set; }

        public SeedEvent Create(SeedUser user, string eventType, string? objectId, string? severity, DateTimeOffset at, string metadata)
        {
            var timestamp = Milliseconds(at);
            var receivedAt = timestamp + TimeSpan.FromMilliseconds(40 + random.Next(1_500));
            return new SeedEvent(
                DemoIds.Event(tenant.Id, Count++),
                tenant.Id,
                user.Id,
                eventType,
                EventTypes.ObjectTypeOf(eventType),
                objectId,
                severity,
                timestamp,
                metadata,
                receivedAt);
        }

        /// <summary>PostgreSQL keeps microseconds; whole milliseconds make stored and generated rows compare equal.</summary>
        private static DateTimeOffset Milliseconds(DateTimeOffset at) =>
            new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }
}
