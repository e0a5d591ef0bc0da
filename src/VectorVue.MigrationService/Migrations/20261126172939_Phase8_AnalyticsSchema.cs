using System;
using Microsoft.EntityFrameworkCore.Migrations;
using VectorVue.MigrationService.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace VectorVue.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class Phase8_AnalyticsSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "analytics");

            migrationBuilder.CreateTable(
                name: "events",
                schema: "analytics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    event_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    object_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    object_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    metadata_json = table.Column<string>(type: "jsonb", nullable: true),
                    ingested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "feature_sets",
                schema: "analytics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    window_name = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    dataset_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feature_sets", x => x.id);
                    table.CheckConstraint("ck_feature_sets_window", "window_name IN ('1h', '24h', '7d', '30d')");
                });

            migrationBuilder.CreateTable(
                name: "models",
                schema: "analytics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    algorithm = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    feature_names = table.Column<string>(type: "jsonb", nullable: true),
                    training_dataset_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_security_summary",
                schema: "analytics",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    mtta_minutes = table.Column<double>(type: "double precision", nullable: true),
                    mtta_count = table.Column<int>(type: "integer", nullable: false),
                    mttr_hours = table.Column<double>(type: "double precision", nullable: true),
                    mttr_count = table.Column<int>(type: "integer", nullable: false),
                    responsiveness_score = table.Column<double>(type: "double precision", nullable: true),
                    details = table.Column<string>(type: "jsonb", nullable: true),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tenant_security_summary", x => new { x.tenant_id, x.window_start, x.window_end });
                });

            migrationBuilder.CreateTable(
                name: "features",
                schema: "analytics",
                columns: table => new
                {
                    feature_set_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_features", x => new { x.feature_set_id, x.name });
                    table.ForeignKey(
                        name: "FK_features_feature_sets_feature_set_id",
                        column: x => x.feature_set_id,
                        principalSchema: "analytics",
                        principalTable: "feature_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_health",
                schema: "analytics",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metric = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_health", x => x.id);
                    table.CheckConstraint("ck_model_health_status", "status IN ('healthy', 'degraded', 'failing')");
                    table.ForeignKey(
                        name: "FK_model_health_models_model_id",
                        column: x => x.model_id,
                        principalSchema: "analytics",
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "predictions",
                schema: "analytics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    feature_set_id = table.Column<Guid>(type: "uuid", nullable: true),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    explanation = table.Column<string>(type: "jsonb", nullable: true),
                    predicted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_predictions", x => x.id);
                    table.ForeignKey(
                        name: "FK_predictions_feature_sets_feature_set_id",
                        column: x => x.feature_set_id,
                        principalSchema: "analytics",
                        principalTable: "feature_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_predictions_models_model_id",
                        column: x => x.model_id,
                        principalSchema: "analytics",
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_analytics_events_tenant_timestamp",
                schema: "analytics",
                table: "events",
                columns: new[] { "tenant_id", "timestamp" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_feature_sets_dataset_hash",
                schema: "analytics",
                table: "feature_sets",
                column: "dataset_hash");

            migrationBuilder.CreateIndex(
                name: "ux_feature_sets_tenant_window",
                schema: "analytics",
                table: "feature_sets",
                columns: new[] { "tenant_id", "window_name", "window_end" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_health_model_checked_at",
                schema: "analytics",
                table: "model_health",
                columns: new[] { "model_id", "checked_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ux_models_name_version",
                schema: "analytics",
                table: "models",
                columns: new[] { "name", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_predictions_feature_set_id",
                schema: "analytics",
                table: "predictions",
                column: "feature_set_id");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_model_id",
                schema: "analytics",
                table: "predictions",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_predictions_tenant_predicted_at",
                schema: "analytics",
                table: "predictions",
                columns: new[] { "tenant_id", "predicted_at" },
                descending: new[] { false, true });

            // analytics.events is append-only: model datasets must be reproducible from it, so rows are never
            // changed or removed once written.
            migrationBuilder.Sql(AppendOnlyEvents.CreateSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnlyEvents.DropSql);

            migrationBuilder.DropTable(
                name: "events",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "features",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "model_health",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "predictions",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "tenant_security_summary",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "feature_sets",
                schema: "analytics");

            migrationBuilder.DropTable(
                name: "models",
                schema: "analytics");
        }
    }
}
