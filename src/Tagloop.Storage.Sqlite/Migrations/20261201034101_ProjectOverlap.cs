using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tagloop.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProjectOverlap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OverlapAnswers",
                table: "Projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<double>(
                name: "OverlapShare",
                table: "Projects",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OverlapAnswers",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "OverlapShare",
                table: "Projects");
        }
    }
}
