using System.Globalization;

namespace VectorVue.Seeder;

/// <summary>A portal user of a demo tenant.</summary>
internal sealed record SeedUser(Guid Id, string Username);

/// <summary>One demo tenant of a spec: its behaviour, identity, users and share of the events.</summary>
internal sealed record SeedTenant(TenantProfile Profile, Guid Id, string Name, IReadOnlyList<SeedUser> Users, int EventBudget);

/// <summary>
/// The tenants a spec (seed, volume) owns. Ids are derived from the spec, so a different spec never writes into
/// these tenants, and the same spec always finds them again.
/// </summary>
internal sealed record SeedPlan(SeedOptions Options, IReadOnlyList<SeedTenant> Tenants)
{
    public static SeedPlan Create(SeedOptions options, IReadOnlyList<TenantProfile>? profiles = null)
    {
        profiles ??= TenantProfile.All;
        var tenants = new List<SeedTenant>(profiles.Count);
        for (var i = 0; i < profiles.Count; i++)
        {
            var profile = profiles[i];
            var budget = options.Events / profiles.Count + (i < options.Events % profiles.Count ? 1 : 0);
            var tenantId = DemoIds.Tenant(profile.Key, options.Seed, options.Events);
            var name = $"{profile.DisplayName} (demo {VolumeLabel(options.Events)}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)})";
            tenants.Add(new SeedTenant(profile, tenantId, name, Users(tenantId, budget), budget));
        }

        return new SeedPlan(options, tenants);
    }

    /// <summary>"20k", "1M", "12345": the volume as a person would say it.</summary>
    public static string VolumeLabel(int events) => events switch
    {
        _ when events % 1_000_000 == 0 => $"{events / 1_000_000}M",
        _ when events % 1_000 == 0 => $"{events / 1_000}k",
        _ => events.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Several users per tenant, more for large volumes (one per ~1,000 events, 4 to 64).</summary>
    private static SeedUser[] Users(Guid tenantId, int budget)
    {
        var count = Math.Clamp(budget / 1_000, 4, 64);
        var users = new SeedUser[count];
        for (var i = 0; i < count; i++)
        {
            var username = $"analyst{i + 1:D2}";
            users[i] = new SeedUser(DemoIds.User(tenantId, username), username);
        }

        return users;
    }
}
