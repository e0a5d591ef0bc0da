namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>The answer of one rate-limit decision for a number of events.</summary>
/// <param name="Allowed">Whether all the events may pass (a batch passes whole or not at all).</param>
/// <param name="Scope">Which limit refused them: <c>user</c> or <c>tenant</c>; null when allowed.</param>
/// <param name="RetryAfter">When enough of the window will have slid past for the same request to pass.</param>
/// <param name="Limit">The limit of the tightest scope.</param>
/// <param name="Remaining">Events still allowed in the tightest scope after this decision.</param>
/// <param name="Reset">When the tightest scope's window is entirely free again.</param>
internal sealed record RateLimitDecision(bool Allowed, string? Scope, TimeSpan RetryAfter, int Limit, int Remaining, TimeSpan Reset);
