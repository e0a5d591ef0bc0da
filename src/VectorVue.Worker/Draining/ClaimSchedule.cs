using StackExchange.Redis;

namespace VectorVue.Worker.Draining;

/// <summary>
/// When a drain loop takes over entries other consumers have left pending (<c>XAUTOCLAIM</c>): once at start, then
/// every <c>interval</c> whatever its reads find — a worker that is never idle under a steady backlog must still
/// pick up what a dead worker left, or the stream could never be trimmed past it. Each pass takes at most one batch
/// and the loop reads between passes, so taking over never starves new entries. Successive passes walk the group's
/// pending list from where the last one stopped (the cursor <c>XAUTOCLAIM</c> returns), starting over at the end.
/// </summary>
internal sealed class ClaimSchedule(TimeSpan interval, TimeProvider timeProvider)
{
    public static readonly RedisValue Start = "0-0";

    private long? _lastPass;

    /// <summary>Where the next pass starts in the group's pending list.</summary>
    public RedisValue Cursor { get; private set; } = Start;

    public bool IsDue => UntilDue == TimeSpan.Zero;

    /// <summary>How long until the next pass is due (zero: now). A blocking read waits no longer than this.</summary>
    public TimeSpan UntilDue
    {
        get
        {
            if (_lastPass is not { } last)
            {
                return TimeSpan.Zero;
            }

            var elapsed = timeProvider.GetElapsedTime(last);
            return elapsed >= interval ? TimeSpan.Zero : interval - elapsed;
        }
    }

    /// <summary>
    /// Records a pass. One that filled its batch with the scan unfinished is due again right after the loop's next
    /// read: more was left behind than one batch.
    /// </summary>
    public void Passed(int claimed, int batchSize, RedisValue nextCursor)
    {
        Cursor = nextCursor.IsNullOrEmpty ? Start : nextCursor;
        _lastPass = claimed >= batchSize && Cursor != Start ? null : timeProvider.GetTimestamp();
    }
}
