using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VectorVue.MigrationService.Migrations
{
    /// <summary>
    /// Issue 14: every event written once, into <c>client_activity_events</c> range-partitioned by month (no primary
    /// key, no foreign keys, append-only), with <c>event_receipts</c> as the idempotency key, <c>analytics.events</c>
    /// a view of it, and the incremental figures (lifecycles, daily counts) the worker maintains. Converts an existing
    /// database in one transaction without losing a row (docs/storage.md, "Schema and partitions").
    /// </summary>
    public partial class Storage_PartitionedIncremental : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RenameOldTablesSql);
            migrationBuilder.Sql(CreatePartitionedTableSql);

            migrationBuilder.CreateTable(
                name: "daily_active_users",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_active_users", x => new { x.tenant_id, x.day, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "daily_event_counts",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    event_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: ""),
                    stripe = table.Column<short>(type: "smallint", nullable: false),
                    events = table.Column<long>(type: "bigint", nullable: false),
                    events_with_object = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_event_counts", x => new { x.tenant_id, x.day, x.event_type, x.severity, x.stripe });
                });

            migrationBuilder.CreateTable(
                name: "daily_report_downloads",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    report_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_report_downloads", x => new { x.tenant_id, x.day, x.report_id });
                });

            migrationBuilder.CreateTable(
                name: "event_receipts",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_receipts", x => new { x.tenant_id, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "finding_lifecycles",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    finding_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    first_viewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_viewed_critical = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_viewed_high = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_viewed_medium = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_viewed_low = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_finding_lifecycles", x => new { x.tenant_id, x.finding_id });
                });

            migrationBuilder.CreateTable(
                name: "remediation_lifecycles",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    remediation_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    first_opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    opened_severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    first_completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_remediation_lifecycles", x => new { x.tenant_id, x.remediation_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_finding_lifecycles_first_viewed",
                schema: "analytics",
                table: "finding_lifecycles",
                columns: new[] { "tenant_id", "first_viewed_at" },
                filter: "first_viewed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_finding_lifecycles_first_viewed_critical",
                schema: "analytics",
                table: "finding_lifecycles",
                columns: new[] { "tenant_id", "first_viewed_critical" },
                filter: "first_viewed_critical IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_finding_lifecycles_first_viewed_high",
                schema: "analytics",
                table: "finding_lifecycles",
                columns: new[] { "tenant_id", "first_viewed_high" },
                filter: "first_viewed_high IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_finding_lifecycles_first_viewed_low",
                schema: "analytics",
                table: "finding_lifecycles",
                columns: new[] { "tenant_id", "first_viewed_low" },
                filter: "first_viewed_low IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_finding_lifecycles_first_viewed_medium",
                schema: "analytics",
                table: "finding_lifecycles",
                columns: new[] { "tenant_id", "first_viewed_medium" },
                filter: "first_viewed_medium IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_remediation_lifecycles_first_opened",
                schema: "analytics",
                table: "remediation_lifecycles",
                columns: new[] { "tenant_id", "first_opened_at" },
                filter: "first_opened_at IS NOT NULL");

            migrationBuilder.Sql(CreatePartitionFunctionsSql);
            migrationBuilder.Sql(ConvertSql);
        }

        /// <summary>Forward only, like the migrator: the old tables are gone, and their two copies of every event with them.</summary>
        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException(
                "Storage_PartitionedIncremental is forward only: restore a backup taken before it to go back.");
    }
}
