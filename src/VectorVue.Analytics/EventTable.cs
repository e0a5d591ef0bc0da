namespace VectorVue.Analytics;

/// <summary>Which copy of the events a figure is computed from; both have the same columns and tenant/time index.</summary>
public enum EventTable
{
    /// <summary><c>client_activity_events</c>: what the API serves to tenants.</summary>
    ClientActivityEvents,

    /// <summary><c>analytics.events</c>: the append-only copy that model datasets are built from.</summary>
    AnalyticsEvents,
}

internal static class EventTableNames
{
    public static string Of(EventTable table) => table switch
    {
        EventTable.ClientActivityEvents => "client_activity_events",
        EventTable.AnalyticsEvents => "analytics.events",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };
}
