using System;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uet.Scheduler.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Workers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Workers",
                schema: "scheduler",
                columns: table => new
                {
                    WorkerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: true),
                    WorkstreamId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Slots = table.Column<int>(type: "integer", nullable: false),
                    BusySlots = table.Column<int>(type: "integer", nullable: false),
                    Host = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LastSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workers", x => x.WorkerId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Workers",
                schema: "scheduler");
        }
    }
}
