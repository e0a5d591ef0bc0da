namespace VectorVue.Worker.Draining;

/// <summary>
/// What one drain loop remembers about one shard it reads: whether the consumer group is known to exist there,
/// whether it is (re-)reading its own pending entries (stream position <c>0</c>) or new ones (<c>&gt;</c>), its
/// takeover schedule, and how many entries a read asks for.
/// </summary>
internal sealed class ShardCursor(int shard, string stream, ClaimSchedule claims, ReadSize readSize)
{
    public int Shard { get; } = shard;

    public string Stream { get; } = stream;

    public ClaimSchedule Claims { get; } = claims;

    public ReadSize ReadSize { get; } = readSize;

    public bool GroupReady { get; set; }

    /// <summary>Own pending entries first (at start, after a failure, after a refusal left some pending), then new ones.</summary>
    public bool ReadingPending { get; set; } = true;
}
