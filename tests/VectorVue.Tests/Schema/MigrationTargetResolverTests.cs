using VectorVue.MigrationService;

namespace VectorVue.Tests.Schema;

public sealed class MigrationTargetResolverTests
{
    private static readonly string[] Known = ["20261126172927_Phase7E_ClientActivityEvents", "20261126172939_Phase8_AnalyticsSchema"];

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Phase7E", "20261126172927_Phase7E_ClientActivityEvents")]
    [InlineData("phase8", "20261126172939_Phase8_AnalyticsSchema")]
    [InlineData("20261126172927_Phase7E_ClientActivityEvents", "20261126172927_Phase7E_ClientActivityEvents")]
    [InlineData("Phase8_AnalyticsSchema", "20261126172939_Phase8_AnalyticsSchema")]
    public void Phase_names_resolve_to_their_migration(string? target, string? expected) =>
        Assert.Equal(expected, MigrationTargetResolver.Resolve(target, Known));

    [Theory]
    [InlineData("ActivityTables", "20261126172927_Phase7E_ClientActivityEvents")]
    [InlineData("analyticsschema", "20261126172939_Phase8_AnalyticsSchema")]
    [InlineData("DeadLetters", "20261126181235_Delivery_DeadLetters")]
    [InlineData("Analytics_EventsBackfill", "20261126193551_Analytics_EventsBackfill")]
    public void Targets_named_for_what_they_hold_resolve_to_the_migration_that_completes_them(string target, string expected) =>
        Assert.Equal(expected, MigrationTargetResolver.Resolve(target,
            [.. Known, "20261126181235_Delivery_DeadLetters", "20261126193551_Analytics_EventsBackfill"]));

    [Fact]
    public void An_unknown_target_is_an_error_that_lists_the_known_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MigrationTargetResolver.Resolve("Phase9", Known));
        Assert.Contains("Phase7E", error.Message);
    }
}
