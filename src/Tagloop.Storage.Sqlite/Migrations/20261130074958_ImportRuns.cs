using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tagloop.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ImportRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Documents_ProjectId_ShuffleKey",
                table: "Documents");

            migrationBuilder.AddColumn<long>(
                name: "ImportRunId",
                table: "Documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ImportRunId",
                table: "Annotations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OwnerProcessId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerStartedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRuns_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_ProjectId_ImportRunId_ShuffleKey",
                table: "Documents",
                columns: new[] { "ProjectId", "ImportRunId", "ShuffleKey" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_ProjectId_State",
                table: "ImportRuns",
                columns: new[] { "ProjectId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropIndex(
                name: "IX_Documents_ProjectId_ImportRunId_ShuffleKey",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ImportRunId",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ImportRunId",
                table: "Annotations");

            migrationBuilder.CreateIndex(
                name: "IX_Documents_ProjectId_ShuffleKey",
                table: "Documents",
                columns: new[] { "ProjectId", "ShuffleKey" });
        }
    }
}
