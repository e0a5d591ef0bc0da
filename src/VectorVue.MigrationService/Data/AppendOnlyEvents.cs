namespace VectorVue.MigrationService.Data;

/// <summary>
/// The trigger that made the <c>analytics.events</c> table refuse UPDATE, DELETE and TRUNCATE (<c>Phase8_AnalyticsSchema</c>).
/// <c>Storage_PartitionedIncremental</c> replaced the table by a view of <c>client_activity_events</c>, whose own
/// triggers refuse those changes, and dropped this one with the table.
/// </summary>
internal static class AppendOnlyEvents
{
    public const string CreateSql = """
        CREATE FUNCTION analytics.refuse_event_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'analytics.events is append-only: % is not allowed', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;

        CREATE TRIGGER events_append_only
            BEFORE UPDATE OR DELETE ON analytics.events
            FOR EACH ROW EXECUTE FUNCTION analytics.refuse_event_change();

        CREATE TRIGGER events_no_truncate
            BEFORE TRUNCATE ON analytics.events
            FOR EACH STATEMENT EXECUTE FUNCTION analytics.refuse_event_change();
        """;

    public const string DropSql = """
        DROP TRIGGER IF EXISTS events_no_truncate ON analytics.events;
        DROP TRIGGER IF EXISTS events_append_only ON analytics.events;
        DROP FUNCTION IF EXISTS analytics.refuse_event_change();
        """;
}
