namespace VectorVue.Analytics.Reports;

/// <summary>One input of the responsiveness score: its value in [0, 1] (null: no data, left out), weight and points.</summary>
public sealed record ScoreComponent(string Name, decimal? Value, int Weight, decimal? Points, string Explanation);
