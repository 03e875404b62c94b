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
                    WorkstreamsJson = table.Column<string>(type: "TEXT", nullable: false),
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

            migrationBuilder.CreateIndex(
                name: "IX_Runs_RunName",
                table: "Runs",
                column: "RunName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Runs");
        }
    }
}
