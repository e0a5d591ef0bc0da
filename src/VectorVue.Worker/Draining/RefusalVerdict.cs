namespace VectorVue.Worker.Draining;

/// <summary>What becomes of an entry PostgreSQL refused for what it holds.</summary>
internal enum RefusalVerdict
{
    /// <summary>Deliveries are left: it stays pending and is read again.</summary>
    Retry,

    /// <summary>Delivered <see cref="WorkerOptions.MaxDeliveries"/> times: it goes to the dead letters.</summary>
    DeadLetter,

    /// <summary>No longer pending at this consumer (taken over, or acknowledged): not this loop's to decide.</summary>
    NotOurs,
}

internal static class RefusalVerdicts
{
    /// <param name="deliveries">Redis' delivery count while the entry is pending at this consumer, else null.</param>
    /// <param name="maxDeliveries">Deliveries after which a refused entry is dead-lettered.</param>
    public static RefusalVerdict For(int? deliveries, int maxDeliveries) => deliveries switch
    {
        null => RefusalVerdict.NotOurs,
        var count when count >= maxDeliveries => RefusalVerdict.DeadLetter,
        _ => RefusalVerdict.Retry,
    };
}
