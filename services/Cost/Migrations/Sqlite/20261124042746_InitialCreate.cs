using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Cost.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Budgets",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkstreamId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BudgetUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WarningThreshold = table.Column<decimal>(type: "TEXT", nullable: false),
                    SpentUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    Reports = table.Column<int>(type: "INTEGER", nullable: false),
                    UnpricedReports = table.Column<int>(type: "INTEGER", nullable: false),
                    WarnedBudgetUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    WarnedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ExceededBudgetUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    ExceededAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PlanAppliedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    BudgetChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Budgets", x => new { x.RunId, x.WorkstreamId });
                });

            migrationBuilder.CreateTable(
                name: "UsageEntries",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkstreamId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    InputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CachedInputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedCostUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    CostUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    Priced = table.Column<bool>(type: "INTEGER", nullable: false),
                    PriceSource = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PriceRule = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PriceEntry = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RunTotalUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    WorkstreamTotalUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    BudgetEventsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEntries", x => new { x.RunId, x.WorkstreamId, x.Attempt, x.Sequence });
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEntries_RunId_Model",
                table: "UsageEntries",
                columns: new[] { "RunId", "Model" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Budgets");

            migrationBuilder.DropTable(
                name: "UsageEntries");
        }
    }
}
