using Microsoft.Extensions.Time.Testing;
using VectorVue.Seeder;

namespace VectorVue.Tests.Seeding;

public sealed class SeedOptionsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 15, 42, 7, TimeSpan.Zero));

    private static SeedOptions Parse(params string[] args) => SeedOptions.Parse(args, Clock, _ => null);

    [Fact]
    public void Defaults_are_twenty_thousand_events_seed_42_and_eight_weeks_to_todays_utc_midnight()
    {
        var options = Parse();

        Assert.Equal((20_000, 42L, 8), (options.Events, options.Seed, options.Weeks));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), options.Anchor);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), options.WindowStart);
        Assert.Null(options.ConnectionString);
    }

    [Theory]
    [InlineData("2026-11-20T10:15:00Z", "2026-11-20T10:15:00Z")]
    [InlineData("2026-11-20T12:15:00+02:00", "2026-11-20T10:15:00Z")]
    [InlineData("2026-11-20", "2026-11-20T00:00:00Z")]
    public void The_anchor_is_an_iso_instant_kept_in_utc(string given, string expected)
    {
        var anchor = Parse("--anchor", given).Anchor;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), anchor);
        Assert.Equal(TimeSpan.Zero, anchor.Offset);
    }

    [Fact]
    public void Arguments_override_defaults_and_the_connection_comes_from_the_environment_otherwise()
    {
        var options = SeedOptions.Parse(["--events", "1_000_000", "--seed", "7", "--weeks", "2"], Clock,
            name => name == SeedOptions.ConnectionVariable ? "Host=db" : null);

        Assert.Equal((1_000_000, 7L, 2, "Host=db"), (options.Events, options.Seed, options.Weeks, options.ConnectionString));
        Assert.Equal("Host=cli", Parse("--connection", "Host=cli").ConnectionString);
    }

    [Theory]
    [InlineData("--events", "ten")]
    [InlineData("--events", "5")]
    [InlineData("--seed", "x")]
    [InlineData("--anchor", "yesterday")]
    [InlineData("--weeks", "0")]
    [InlineData("--volume", "1")]
    [InlineData("--events")]
    public void Bad_arguments_are_refused_with_a_reason(params string[] args)
    {
        var refusal = Assert.Throws<SeedOptionsException>(() => Parse(args));
        Assert.Contains(args[0], refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20_000, "20k")]
    [InlineData(1_000_000, "1M")]
    [InlineData(12_345, "12345")]
    public void Tenant_names_say_the_volume(int events, string label)
    {
        var plan = SeedPlan.Create(new SeedOptions(events, 42, Clock.GetUtcNow(), 8, null));
        Assert.Equal($"Fast Responder (demo {label}, seed 42)", plan.Tenants[0].Name);
        Assert.Equal(events, plan.Tenants.Sum(t => t.EventBudget));
        Assert.All(plan.Tenants, t => Assert.InRange(t.Users.Count, 4, 64));
    }
}
