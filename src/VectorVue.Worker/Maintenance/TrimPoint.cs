namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Where the stream may be cut without losing anything: below the oldest entry any group still has pending, and
/// never past an entry a group has not been delivered yet. Entries before that point are acknowledged by every
/// group, so <c>XTRIM MINID</c> at it frees memory and nothing else (works on Redis 7.0 and 8.x alike).
/// </summary>
internal static class TrimPoint
{
    /// <param name="groups">Per consumer group: its oldest pending id (null when none) and its last delivered id.</param>
    /// <returns>The MINID to trim at, or null when nothing may be trimmed.</returns>
    public static StreamId? For(IEnumerable<(StreamId? OldestPending, StreamId LastDelivered)> groups)
    {
        StreamId? point = null;
        foreach (var (oldestPending, lastDelivered) in groups)
        {
            var groupPoint = oldestPending ?? lastDelivered.Next();
            if (point is null || groupPoint.CompareTo(point.Value) < 0)
            {
                point = groupPoint;
            }
        }

        return point is { Milliseconds: 0, Sequence: <= 1 } ? null : point;
    }
}
