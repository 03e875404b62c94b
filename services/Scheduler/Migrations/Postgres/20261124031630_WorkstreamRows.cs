using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkstreamRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunWorkstreams",
                schema: "scheduler",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkstreamId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    WorkerId = table.Column<string>(type: "text", nullable: true),
                    Branch = table.Column<string>(type: "text", nullable: true),
                    Commit = table.Column<string>(type: "text", nullable: true),
                    ReadyAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastHeartbeat = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IntegratedOrder = table.Column<int>(type: "integer", nullable: true),
                    FailureKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunWorkstreams", x => new { x.RunId, x.WorkstreamId });
                    table.ForeignKey(
                        name: "FK_RunWorkstreams_Runs_RunId",
                        column: x => x.RunId,
                        principalSchema: "scheduler",
                        principalTable: "Runs",
                        principalColumn: "CorrelationId",
                        onDelete: ReferentialAction.Cascade);
                });

            // Runs recorded before this migration keep their workstreams: copy them out of the JSON column.
            migrationBuilder.Sql("""
                INSERT INTO scheduler."RunWorkstreams" ("RunId", "WorkstreamId", "State", "Attempt", "Failures", "WorkerId", "Branch", "Commit", "ReadyAt", "DispatchedAt", "StartedAt", "FinishedAt", "LastHeartbeat", "IntegratedOrder", "FailureKind", "Error") SELECT r."CorrelationId", w.key, COALESCE(w.value ->> 'State', 'PENDING'), COALESCE((w.value ->> 'Attempt')::integer, 0), COALESCE((w.value ->> 'Failures')::integer, 0), w.value ->> 'WorkerId', w.value ->> 'Branch', w.value ->> 'Commit', (w.value ->> 'ReadyAt')::timestamp with time zone, (w.value ->> 'DispatchedAt')::timestamp with time zone, (w.value ->> 'StartedAt')::timestamp with time zone, (w.value ->> 'FinishedAt')::timestamp with time zone, (w.value ->> 'LastHeartbeat')::timestamp with time zone, (w.value ->> 'IntegratedOrder')::integer, w.value ->> 'FailureKind', w.value ->> 'Error' FROM scheduler."Runs" AS r, jsonb_each(r."WorkstreamsJson"::jsonb) AS w;
                """);

            migrationBuilder.DropColumn(
                name: "WorkstreamsJson",
                schema: "scheduler",
                table: "Runs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunWorkstreams",
                schema: "scheduler");

            migrationBuilder.AddColumn<string>(
                name: "WorkstreamsJson",
                schema: "scheduler",
                table: "Runs",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
