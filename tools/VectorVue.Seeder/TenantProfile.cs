using VectorVue.Contracts;

namespace VectorVue.Seeder;

/// <summary>
/// How one kind of customer behaves in the portal. Durations are log-normal: a median and a spread (sigma);
/// per-severity arrays are indexed like <see cref="Severities.All"/> (critical, high, medium, low).
/// </summary>
internal sealed record TenantProfile
{
    /// <summary>Stable key: part of the tenant id, so never rename it.</summary>
    public required string Key { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Relative frequency of each severity among new findings.</summary>
    public double[] SeverityWeights { get; init; } = [0.10, 0.25, 0.35, 0.30];

    /// <summary>From a finding's publication to its first view.</summary>
    public required TimeSpan FirstViewMedian { get; init; }

    /// <summary>Mean number of views after the first one, per severity.</summary>
    public required double[] ExtraViews { get; init; }

    public required double[] AcknowledgeProbability { get; init; }

    /// <summary>From first view to acknowledgement, per severity.</summary>
    public required TimeSpan[] AcknowledgeMedian { get; init; }

    public double AcknowledgeSpread { get; init; } = 0.6;

    /// <summary>Share of acknowledged findings that get a remediation, per severity.</summary>
    public required double[] RemediationProbability { get; init; }

    /// <summary>From acknowledgement to opening the remediation.</summary>
    public required TimeSpan RemediationOpenMedian { get; init; }

    /// <summary>From opening to completing the remediation.</summary>
    public required TimeSpan RemediationCompleteMedian { get; init; }

    /// <summary>Share of opened remediations that are ever completed.</summary>
    public required double CompletionProbability { get; init; }

    /// <summary>Chance that a user looks at the dashboard on a given day.</summary>
    public required double DashboardDayProbability { get; init; }

    /// <summary>Share of the tenant's events that are dashboard views.</summary>
    public required double DashboardShare { get; init; }

    /// <summary>Share of the tenant's events that are report downloads.</summary>
    public double ReportShare { get; init; } = 0.02;

    /// <summary>Acknowledges critical findings within minutes, remediates within a day or two, daily dashboard.</summary>
    public static readonly TenantProfile FastResponder = new()
    {
        Key = "fast-responder",
        DisplayName = "Fast Responder",
        FirstViewMedian = TimeSpan.FromMinutes(20),
        ExtraViews = [1.5, 1.2, 0.8, 0.5],
        AcknowledgeProbability = [0.99, 0.97, 0.92, 0.85],
        AcknowledgeMedian = [TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(45), TimeSpan.FromHours(4), TimeSpan.FromHours(12)],
        AcknowledgeSpread = 0.5,
        RemediationProbability = [0.95, 0.85, 0.6, 0.35],
        RemediationOpenMedian = TimeSpan.FromHours(1),
        RemediationCompleteMedian = TimeSpan.FromHours(30),
        CompletionProbability = 0.97,
        DashboardDayProbability = 0.9,
        DashboardShare = 0.12,
        ReportShare = 0.03,
    };

    /// <summary>Acknowledges after many hours or days; remediations take weeks and some are never completed.</summary>
    public static readonly TenantProfile SlowResponder = new()
    {
        Key = "slow-responder",
        DisplayName = "Slow Responder",
        FirstViewMedian = TimeSpan.FromHours(10),
        ExtraViews = [1.0, 0.8, 0.6, 0.4],
        AcknowledgeProbability = [0.85, 0.75, 0.6, 0.45],
        AcknowledgeMedian = [TimeSpan.FromHours(20), TimeSpan.FromDays(2), TimeSpan.FromDays(4), TimeSpan.FromDays(6)],
        RemediationProbability = [0.8, 0.6, 0.35, 0.15],
        RemediationOpenMedian = TimeSpan.FromDays(3),
        RemediationCompleteMedian = TimeSpan.FromDays(21),
        CompletionProbability = 0.55,
        DashboardDayProbability = 0.3,
        DashboardShare = 0.05,
    };

    /// <summary>Looks at critical findings again and again but rarely acknowledges them; handles the rest.</summary>
    public static readonly TenantProfile IgnoresCriticals = new()
    {
        Key = "ignores-criticals",
        DisplayName = "Ignores Criticals",
        FirstViewMedian = TimeSpan.FromHours(1),
        ExtraViews = [4.0, 1.0, 0.7, 0.5],
        AcknowledgeProbability = [0.04, 0.9, 0.88, 0.85],
        AcknowledgeMedian = [TimeSpan.FromDays(5), TimeSpan.FromHours(3), TimeSpan.FromHours(8), TimeSpan.FromDays(1)],
        RemediationProbability = [0.5, 0.6, 0.45, 0.3],
        RemediationOpenMedian = TimeSpan.FromHours(12),
        RemediationCompleteMedian = TimeSpan.FromDays(5),
        CompletionProbability = 0.85,
        DashboardDayProbability = 0.6,
        DashboardShare = 0.08,
    };

    /// <summary>Neither fast nor slow: acknowledges within hours, remediates within a week.</summary>
    public static readonly TenantProfile Steady = new()
    {
        Key = "steady",
        DisplayName = "Steady",
        FirstViewMedian = TimeSpan.FromHours(2),
        ExtraViews = [1.2, 1.0, 0.7, 0.5],
        AcknowledgeProbability = [0.95, 0.9, 0.8, 0.7],
        AcknowledgeMedian = [TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(20), TimeSpan.FromDays(2)],
        RemediationProbability = [0.9, 0.75, 0.5, 0.25],
        RemediationOpenMedian = TimeSpan.FromHours(8),
        RemediationCompleteMedian = TimeSpan.FromDays(5),
        CompletionProbability = 0.9,
        DashboardDayProbability = 0.7,
        DashboardShare = 0.08,
    };

    /// <summary>Every demo tenant, in the order they are created and printed.</summary>
    public static readonly IReadOnlyList<TenantProfile> All = [FastResponder, SlowResponder, IgnoresCriticals, Steady];
}
