using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CurrentState = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RunName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlanJson = table.Column<string>(type: "TEXT", nullable: true),
                    OptionsJson = table.Column<string>(type: "TEXT", nullable: true),
                    IntegrationBranch = table.Column<string>(type: "TEXT", nullable: true),
                    BaseCommit = table.Column<string>(type: "TEXT", nullable: true),
                    IntegrationHead = table.Column<string>(type: "TEXT", nullable: true),
                    IntegrationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    IntegrationReverted = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevertRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ArchiveRef = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    MaxWorkers = table.Column<int>(type: "INTEGER", nullable: false),
                    FailurePolicy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.CorrelationId);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_Runs_RunName",
                table: "Runs",
                column: "RunName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunWorkstreams");

            migrationBuilder.DropTable(
                name: "Runs");
        }
    }
}