using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RunBudget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BudgetMode",
                schema: "scheduler",
                table: "Runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BudgetNotice",
                schema: "scheduler",
                table: "Runs",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BudgetNoticeAt",
                schema: "scheduler",
                table: "Runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetUsd",
                schema: "scheduler",
                table: "Runs",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetWarningThreshold",
                schema: "scheduler",
                table: "Runs",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "SpentUsd",
                schema: "scheduler",
                table: "Runs",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BudgetMode",
                schema: "scheduler",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetNotice",
                schema: "scheduler",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetNoticeAt",
                schema: "scheduler",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetUsd",
                schema: "scheduler",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetWarningThreshold",
                schema: "scheduler",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "SpentUsd",
                schema: "scheduler",
                table: "Runs");
        }
    }
}
