namespace VectorVue.MigrationService.Data;

/// <summary>
/// One finding of a tenant: the earliest view (of any severity, and of each severity) and the earliest
/// acknowledgement. Every column only ever moves earlier, so the row is right whatever order events arrive in.
/// </summary>
public sealed class FindingLifecycle
{
    public Guid TenantId { get; set; }
    public required string FindingId { get; set; }
    public DateTimeOffset? FirstViewedAt { get; set; }
    public DateTimeOffset? FirstViewedCritical { get; set; }
    public DateTimeOffset? FirstViewedHigh { get; set; }
    public DateTimeOffset? FirstViewedMedium { get; set; }
    public DateTimeOffset? FirstViewedLow { get; set; }
    public DateTimeOffset? FirstAcknowledgedAt { get; set; }
}

/// <summary>One remediation of a tenant: the earliest opening (and the severity it carried) and the earliest completion.</summary>
public sealed class RemediationLifecycle
{
    public Guid TenantId { get; set; }
    public required string RemediationId { get; set; }
    public DateTimeOffset? FirstOpenedAt { get; set; }
    public string? OpenedSeverity { get; set; }
    public DateTimeOffset? FirstCompletedAt { get; set; }
}

/// <summary>
/// Events of a tenant on one UTC day, per event type and severity ('' for none), counted on one of 64 stripes (the
/// writing session's <c>pg_backend_pid() % 64</c>) so that two writers never wait on one counter row.
/// </summary>
public sealed class DailyEventCount
{
    public Guid TenantId { get; set; }
    public DateOnly Day { get; set; }
    public required string EventType { get; set; }
    public required string Severity { get; set; }
    public short Stripe { get; set; }
    public long Events { get; set; }
    public long EventsWithObject { get; set; }
}

/// <summary>A user who sent at least one event of the tenant on that UTC day.</summary>
public sealed class DailyActiveUser
{
    public Guid TenantId { get; set; }
    public DateOnly Day { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A report downloaded at least once in the tenant on that UTC day.</summary>
public sealed class DailyReportDownload
{
    public Guid TenantId { get; set; }
    public DateOnly Day { get; set; }
    public required string ReportId { get; set; }
}
