using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "scheduler");

            migrationBuilder.CreateTable(
                name: "Runs",
                schema: "scheduler",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RunName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlanJson = table.Column<string>(type: "text", nullable: true),
                    OptionsJson = table.Column<string>(type: "text", nullable: true),
                    WorkstreamsJson = table.Column<string>(type: "text", nullable: false),
                    IntegrationBranch = table.Column<string>(type: "text", nullable: true),
                    BaseCommit = table.Column<string>(type: "text", nullable: true),
                    IntegrationHead = table.Column<string>(type: "text", nullable: true),
                    IntegrationCount = table.Column<int>(type: "integer", nullable: false),
                    IntegrationReverted = table.Column<bool>(type: "boolean", nullable: false),
                    RevertRequested = table.Column<bool>(type: "boolean", nullable: false),
                    ArchiveRef = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MaxWorkers = table.Column<int>(type: "integer", nullable: false),
                    FailurePolicy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MaxAttempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.CorrelationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_RunName",
                schema: "scheduler",
                table: "Runs",
                column: "RunName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Runs",
                schema: "scheduler");
        }
    }
}
