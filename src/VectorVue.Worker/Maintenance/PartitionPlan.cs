namespace VectorVue.Worker.Maintenance;

/// <summary>
/// What one maintenance run asks of PostgreSQL at a given instant: the months whose partitions must exist — from
/// the previous month (late events) through <see cref="PartitionOptions.MonthsAhead"/> months after the current
/// one — and the instant before which whole months are dropped (none when events are kept forever).
/// </summary>
internal readonly record struct PartitionPlan(DateOnly EnsureFrom, DateOnly EnsureThrough, DateTimeOffset? DropBefore)
{
    public static PartitionPlan At(DateTimeOffset now, PartitionOptions options)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new PartitionPlan(
            today.AddMonths(-1),
            today.AddMonths(options.MonthsAhead),
            options.RetentionDays == 0 ? null : now.ToUniversalTime().AddDays(-options.RetentionDays));
    }
}
