using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkstreamRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunWorkstreams",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkstreamId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkerId = table.Column<string>(type: "TEXT", nullable: true),
                    Branch = table.Column<string>(type: "TEXT", nullable: true),
                    Commit = table.Column<string>(type: "TEXT", nullable: true),
                    ReadyAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastHeartbeat = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    IntegratedOrder = table.Column<int>(type: "INTEGER", nullable: true),
                    FailureKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunWorkstreams", x => new { x.RunId, x.WorkstreamId });
                    table.ForeignKey(
                        name: "FK_RunWorkstreams_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "CorrelationId",
                        onDelete: ReferentialAction.Cascade);
                });

            // Runs recorded before this migration keep their workstreams: copy them out of the JSON column.
            migrationBuilder.Sql("""
                INSERT INTO "RunWorkstreams" ("RunId", "WorkstreamId", "State", "Attempt", "Failures", "WorkerId", "Branch", "Commit", "ReadyAt", "DispatchedAt", "StartedAt", "FinishedAt", "LastHeartbeat", "IntegratedOrder", "FailureKind", "Error") SELECT r."CorrelationId", w.key, COALESCE(json_extract(w.value, '$.State'), 'PENDING'), COALESCE(json_extract(w.value, '$.Attempt'), 0), COALESCE(json_extract(w.value, '$.Failures'), 0), json_extract(w.value, '$.WorkerId'), json_extract(w.value, '$.Branch'), json_extract(w.value, '$.Commit'), json_extract(w.value, '$.ReadyAt'), json_extract(w.value, '$.DispatchedAt'), json_extract(w.value, '$.StartedAt'), json_extract(w.value, '$.FinishedAt'), json_extract(w.value, '$.LastHeartbeat'), json_extract(w.value, '$.IntegratedOrder'), json_extract(w.value, '$.FailureKind'), json_extract(w.value, '$.Error') FROM "Runs" AS r, json_each(r."WorkstreamsJson") AS w;
                """);

            migrationBuilder.DropColumn(
                name: "WorkstreamsJson",
                table: "Runs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunWorkstreams");

            migrationBuilder.AddColumn<string>(
                name: "WorkstreamsJson",
                table: "Runs",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
