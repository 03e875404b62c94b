using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RunBudget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BudgetMode",
                table: "Runs",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BudgetNotice",
                table: "Runs",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BudgetNoticeAt",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetUsd",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetWarningThreshold",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "SpentUsd",
                table: "Runs",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BudgetMode",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetNotice",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetNoticeAt",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetUsd",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "BudgetWarningThreshold",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "SpentUsd",
                table: "Runs");
        }
    }
}
