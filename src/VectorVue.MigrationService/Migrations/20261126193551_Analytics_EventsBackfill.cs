using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VectorVue.MigrationService.Migrations
{
    /// <summary>
    /// The worker now projects every stored event into <c>analytics.events</c> in the same transaction. Events stored
    /// before that get their projection here, once (same id, so the insert is idempotent).
    /// </summary>
    public partial class Analytics_EventsBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The columns are written out here, not built from VectorVue.Contracts.EventColumns like the worker's and
            // the seeder's SQL: a migration is history, and must run the same statement on a fresh database whatever
            // the list becomes. A column added later arrives with a later migration, so it does not exist yet when
            // this one runs, and copying it is that migration's business.
            migrationBuilder.Sql("""
                INSERT INTO analytics.events
                    (id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, ingested_at)
                SELECT id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, received_at
                FROM client_activity_events
                ON CONFLICT (id) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        /// <remarks>analytics.events is append-only: the projection stays.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
