using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Cost.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "cost");

            migrationBuilder.CreateTable(
                name: "Budgets",
                schema: "cost",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkstreamId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BudgetUsd = table.Column<decimal>(type: "numeric", nullable: true),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    WarningThreshold = table.Column<decimal>(type: "numeric", nullable: false),
                    SpentUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    Reports = table.Column<int>(type: "integer", nullable: false),
                    UnpricedReports = table.Column<int>(type: "integer", nullable: false),
                    WarnedBudgetUsd = table.Column<decimal>(type: "numeric", nullable: true),
                    WarnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExceededBudgetUsd = table.Column<decimal>(type: "numeric", nullable: true),
                    ExceededAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PlanAppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BudgetChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Budgets", x => new { x.RunId, x.WorkstreamId });
                });

            migrationBuilder.CreateTable(
                name: "UsageEntries",
                schema: "cost",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkstreamId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    CachedInputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    ReportedCostUsd = table.Column<decimal>(type: "numeric", nullable: true),
                    CostUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    Priced = table.Column<bool>(type: "boolean", nullable: false),
                    PriceSource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PriceRule = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PriceEntry = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RunTotalUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    WorkstreamTotalUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    BudgetEventsJson = table.Column<string>(type: "text", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEntries", x => new { x.RunId, x.WorkstreamId, x.Attempt, x.Sequence });
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEntries_RunId_Model",
                schema: "cost",
                table: "UsageEntries",
                columns: new[] { "RunId", "Model" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Budgets",
                schema: "cost");

            migrationBuilder.DropTable(
                name: "UsageEntries",
                schema: "cost");
        }
    }
}
