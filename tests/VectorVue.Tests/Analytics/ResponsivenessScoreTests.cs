using VectorVue.Analytics.Reports;

namespace VectorVue.Tests.Analytics;

public sealed class ResponsivenessScoreTests
{
    [Fact]
    public void Every_component_at_its_best_scores_100()
    {
        var score = ResponsivenessScore.Compute(10, 10, 12.5m, 4, 4, 20m);
        Assert.Equal(100m, score.Value);
    }

    [Fact]
    public void Slow_answers_lose_speed_points_in_proportion_to_the_target()
    {
        // ack rate 8/10, completion 1/2, speed 240/480 = 0.5, remediation speed 168/336 = 0.5
        // 100 × (30·0.8 + 30·0.5 + 20·0.5 + 20·0.5) / 100 = 24 + 15 + 10 + 10
        var score = ResponsivenessScore.Compute(10, 8, 480m, 2, 1, 336m);

        Assert.Equal(59m, score.Value);
        Assert.Equal([24m, 15m, 10m, 10m], score.Components.Select(c => c.Points!.Value));
        Assert.Equal([0.8m, 0.5m, 0.5m, 0.5m], score.Components.Select(c => c.Value!.Value));
    }

    [Fact]
    public void Viewed_but_never_acknowledged_scores_zero_speed_not_no_data()
    {
        var score = ResponsivenessScore.Compute(5, 0, null, 0, 0, null);

        // Only the finding components have data: 0 of 50 available points.
        Assert.Equal(0m, score.Value);
        Assert.Equal(0m, score.Components.Single(c => c.Name == "acknowledgement_speed").Value);
        Assert.Null(score.Components.Single(c => c.Name == "completion_rate").Value);
        Assert.Contains("no viewed finding was acknowledged", score.Components.Single(c => c.Name == "acknowledgement_speed").Explanation);
    }

    [Fact]
    public void Components_without_data_are_left_out_and_the_rest_rescaled()
    {
        // Findings only: 30·0.5 + 20·1 over 50 → 70.
        var score = ResponsivenessScore.Compute(4, 2, 60m, 0, 0, null);

        Assert.Equal(70m, score.Value);
        Assert.Equal(30m, score.Components.Single(c => c.Name == "acknowledgement_rate").Points);
        Assert.Equal(40m, score.Components.Single(c => c.Name == "acknowledgement_speed").Points);
        Assert.Null(score.Components.Single(c => c.Name == "remediation_speed").Points);
    }

    [Fact]
    public void No_activity_has_no_score_and_says_why()
    {
        var score = ResponsivenessScore.Compute(0, 0, null, 0, 0, null);

        Assert.Null(score.Value);
        Assert.Contains("nothing to score", score.Explanation);
        Assert.All(score.Components, c => Assert.Null(c.Value));
    }

    [Theory]
    [InlineData(2, 3, 0.6667)]
    [InlineData(1, 8, 0.125)]
    [InlineData(0, 5, 0)]
    public void Ratios_round_to_four_decimals(long part, long whole, double expected) =>
        Assert.Equal((decimal)expected, Ratio.Of(part, whole));

    [Fact]
    public void A_ratio_over_nothing_is_null() => Assert.Null(Ratio.Of(0, 0));
}
