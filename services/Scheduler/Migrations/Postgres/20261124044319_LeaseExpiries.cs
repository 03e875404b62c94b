using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeaseExpiries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LeaseExpiries",
                schema: "scheduler",
                table: "RunWorkstreams",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseExpiries",
                schema: "scheduler",
                table: "RunWorkstreams");
        }
    }
}
