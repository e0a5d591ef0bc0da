using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VectorVue.Seeder;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.Tests.Seeding;

public sealed class HistoryGeneratorTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static SeedPlan Plan(int events = 20_000, long seed = 42, DateTimeOffset? anchor = null) =>
        SeedPlan.Create(new SeedOptions(events, seed, anchor ?? Anchor, SeedOptions.DefaultWeeks, ConnectionString: null));

    private static readonly Lazy<SeedEvent[]> DefaultHistory = new(() => [.. HistoryGenerator.Generate(Plan())]);

    private static string Hash(IEnumerable<SeedEvent> events)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in events)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{e.Id}|{e.TenantId}|{e.UserId}|{e.EventType}|{e.ObjectType}|{e.ObjectId}|{e.Severity}|{e.Timestamp.UtcTicks}|{e.MetadataJson}|{e.ReceivedAt.UtcTicks}\n")));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    [Fact]
    public void The_same_seed_and_parameters_give_the_same_history()
    {
        Assert.Equal(Hash(DefaultHistory.Value), Hash(HistoryGenerator.Generate(Plan())));
    }

    [Fact]
    public void Another_seed_or_anchor_gives_another_history()
    {
        var original = Hash(DefaultHistory.Value);
        Assert.NotEqual(original, Hash(HistoryGenerator.Generate(Plan(seed: 43))));
        Assert.NotEqual(original, Hash(HistoryGenerator.Generate(Plan(anchor: Anchor.AddDays(1)))));
    }

    [Fact]
    public void Every_tenant_gets_exactly_its_share_and_every_event_id_is_unique()
    {
        var plan = Plan(events: 10_003);
        var events = HistoryGenerator.Generate(plan).ToArray();

        Assert.Equal(10_003, events.Length);
        Assert.Equal(events.Length, events.Select(e => e.Id).Distinct().Count());
        foreach (var tenant in plan.Tenants)
        {
            Assert.Equal(tenant.EventBudget, events.Count(e => e.TenantId == tenant.Id));
        }
    }

    [Fact]
    public void Ids_are_name_based_on_profile_seed_and_volume()
    {
        // Expected values computed independently with Python's uuid.uuid5 over the seeder's namespace.
        var tenant = Plan().Tenants[0];
        Assert.Equal(Guid.Parse("76dfb077-5e00-536a-a1a5-143be75e4c2b"), tenant.Id);
        Assert.Equal(Guid.Parse("774af302-aa42-5ffc-9c3f-844d293314be"), tenant.Users[0].Id);
        Assert.Equal(Guid.Parse("cbd9938a-6c82-5405-8843-789df4b5c102"), DefaultHistory.Value[0].Id);

        Assert.Empty(Plan().Tenants.Select(t => t.Id).Intersect(Plan(events: 1_000_000).Tenants.Select(t => t.Id)));
        Assert.Empty(Plan().Tenants.Select(t => t.Id).Intersect(Plan(seed: 7).Tenants.Select(t => t.Id)));
    }

    [Fact]
    public void Every_event_passes_the_ingestion_contract_unchanged()
    {
        var parser = new ClientEventParser(Options.Create(new IngestionOptions()));
        var plan = Plan();
        var users = plan.Tenants.ToDictionary(t => t.Id, t => t.Users.Select(u => u.Id).ToHashSet());
        foreach (var e in DefaultHistory.Value)
        {
            Assert.InRange(e.Timestamp, plan.Options.WindowStart, Anchor.AddTicks(-1));
            Assert.True(e.ReceivedAt >= e.Timestamp);
            Assert.Contains(e.UserId!.Value, users[e.TenantId]);

            var body = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["event_type"] = e.EventType,
                ["object_type"] = e.ObjectType,
                ["object_id"] = e.ObjectId,
                ["severity"] = e.Severity,
                ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                ["metadata_json"] = e.MetadataJson is null ? null : JsonDocument.Parse(e.MetadataJson).RootElement,
            });
            using var document = JsonDocument.Parse(body);
            var parsed = parser.Parse(document.RootElement, receivedAt: e.ReceivedAt);

            Assert.True(parsed.IsValid, $"{body}: {string.Join("; ", parsed.Errors.Select(x => $"{x.Key}: {string.Join(", ", x.Value)}"))}");
            var stored = parsed.Event!;
            Assert.Equal((e.EventType, e.ObjectType, e.ObjectId, e.Severity, e.Timestamp), (stored.EventType, stored.ObjectType, stored.ObjectId, stored.Severity, stored.Timestamp));
            Assert.Equal(0, stored.DroppedMetadataKeys); // nothing the privacy rules would remove
        }
    }

    [Fact]
    public void Metadata_names_only_where_in_the_portal_an_action_happened()
    {
        string[] allowed = ["source", "page", "view", "bulk", "format", "finding_id"];
        foreach (var metadata in DefaultHistory.Value.Select(e => e.MetadataJson).Distinct())
        {
            using var document = JsonDocument.Parse(metadata!);
            Assert.All(document.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, allowed));
        }
    }

    [Fact]
    public void Every_event_type_occurs_and_findings_follow_their_lifecycle()
    {
        var events = DefaultHistory.Value;
        Assert.Equal(6, events.Select(e => e.EventType).Distinct().Count());

        foreach (var finding in events.Where(e => e.ObjectType == "finding").GroupBy(e => (e.TenantId, e.ObjectId)))
        {
            Assert.Single(finding.Select(e => e.Severity).Distinct());
            var firstView = finding.Where(e => e.EventType == "FINDING_VIEWED").Min(e => (DateTimeOffset?)e.Timestamp);
            var acknowledged = finding.Where(e => e.EventType == "FINDING_ACKNOWLEDGED").Select(e => e.Timestamp).ToArray();
            Assert.True(acknowledged.Length <= 1);
            Assert.All(acknowledged, at => Assert.True(firstView < at, $"{finding.Key.ObjectId} acknowledged before it was viewed"));
        }

        foreach (var remediation in events.Where(e => e.ObjectType == "remediation").GroupBy(e => (e.TenantId, e.ObjectId)))
        {
            var opened = remediation.Where(e => e.EventType == "REMEDIATION_OPENED").Select(e => e.Timestamp).ToArray();
            var completed = remediation.Where(e => e.EventType == "REMEDIATION_COMPLETED").Select(e => e.Timestamp).ToArray();
            Assert.Single(opened);
            Assert.True(completed.Length <= 1);
            Assert.All(completed, at => Assert.True(opened[0] < at));
        }
    }

    [Fact]
    public void The_profiles_behave_as_named()
    {
        var plan = Plan();
        var byProfile = plan.Tenants.ToDictionary(
            t => t.Profile.Key, t => DefaultHistory.Value.Where(e => e.TenantId == t.Id).ToArray());

        var fast = CriticalAcknowledgement(byProfile["fast-responder"]);
        var slow = CriticalAcknowledgement(byProfile["slow-responder"]);
        var ignoring = CriticalAcknowledgement(byProfile["ignores-criticals"]);

        // The fast responder acknowledges criticals within minutes, the slow one after many hours.
        Assert.InRange(fast.MeanMinutes, 1, 30);
        Assert.True(slow.MeanMinutes > 8 * 60, $"slow responder's critical MTTA is {slow.MeanMinutes:F0} min");
        Assert.True(fast.Share > 0.9);

        // Ignores-criticals views criticals (more often than anyone) but acknowledges few; the rest it handles.
        Assert.True(ignoring.Viewed > 50);
        Assert.True(ignoring.Share < 0.15, $"ignores-criticals acknowledged {ignoring.Share:P0} of viewed criticals");
        Assert.True(AcknowledgedShare(byProfile["ignores-criticals"], "high") > 0.7);
        Assert.True(ViewsPerFinding(byProfile["ignores-criticals"], "critical") > ViewsPerFinding(byProfile["fast-responder"], "critical"));

        // Remediation: within a day or two for the fast responder, weeks (and often never) for the slow one.
        var fastRemediation = Remediation(byProfile["fast-responder"]);
        var slowRemediation = Remediation(byProfile["slow-responder"]);
        Assert.InRange(fastRemediation.MeanHours, 12, 60);
        Assert.True(slowRemediation.MeanHours > 7 * 24, $"slow responder's MTTR is {slowRemediation.MeanHours:F0} h");
        Assert.True(slowRemediation.CompletedShare < 0.7 && fastRemediation.CompletedShare > 0.85);

        // The fast responder's users look at the dashboard most days, the slow one's seldom.
        var days = SeedOptions.DefaultWeeks * 7;
        Assert.True(DashboardDayShare(byProfile["fast-responder"], days, plan.Tenants[0].Users.Count) > 0.8);
        Assert.True(DashboardDayShare(byProfile["slow-responder"], days, plan.Tenants[1].Users.Count) < 0.5);
    }

    /// <summary>MTTA for criticals (docs/analytics.md): first ack minus first critical view, per finding, when not earlier.</summary>
    private static (double MeanMinutes, double Share, int Viewed) CriticalAcknowledgement(SeedEvent[] events)
    {
        var firstViews = events.Where(e => e.EventType == "FINDING_VIEWED" && e.Severity == "critical")
            .GroupBy(e => e.ObjectId).ToDictionary(g => g.Key!, g => g.Min(e => e.Timestamp));
        var firstAcks = events.Where(e => e.EventType == "FINDING_ACKNOWLEDGED")
            .GroupBy(e => e.ObjectId).ToDictionary(g => g.Key!, g => g.Min(e => e.Timestamp));
        var delays = firstViews
            .Where(v => firstAcks.TryGetValue(v.Key, out var ack) && ack >= v.Value)
            .Select(v => (firstAcks[v.Key] - v.Value).TotalMinutes).ToArray();
        return (delays.Length == 0 ? double.NaN : delays.Average(), (double)delays.Length / firstViews.Count, firstViews.Count);
    }

    private static double AcknowledgedShare(SeedEvent[] events, string severity)
    {
        var viewed = events.Where(e => e.EventType == "FINDING_VIEWED" && e.Severity == severity).Select(e => e.ObjectId).ToHashSet();
        var acknowledged = events.Where(e => e.EventType == "FINDING_ACKNOWLEDGED" && e.Severity == severity).Select(e => e.ObjectId).ToHashSet();
        return (double)acknowledged.Count / viewed.Count;
    }

    private static double ViewsPerFinding(SeedEvent[] events, string severity)
    {
        var views = events.Where(e => e.EventType == "FINDING_VIEWED" && e.Severity == severity).ToArray();
        return (double)views.Length / views.Select(e => e.ObjectId).Distinct().Count();
    }

    private static (double MeanHours, double CompletedShare) Remediation(SeedEvent[] events)
    {
        var opened = events.Where(e => e.EventType == "REMEDIATION_OPENED").ToDictionary(e => e.ObjectId!, e => e.Timestamp);
        var completed = events.Where(e => e.EventType == "REMEDIATION_COMPLETED").ToDictionary(e => e.ObjectId!, e => e.Timestamp);
        var hours = completed.Select(c => (c.Value - opened[c.Key]).TotalHours).ToArray();
        return (hours.Average(), (double)completed.Count / opened.Count);
    }

    private static double DashboardDayShare(SeedEvent[] events, int days, int users) =>
        (double)events.Where(e => e.EventType == "DASHBOARD_VIEWED")
            .Select(e => (e.UserId, Day: e.Timestamp.UtcDateTime.Date)).Distinct().Count() / (days * users);
}
