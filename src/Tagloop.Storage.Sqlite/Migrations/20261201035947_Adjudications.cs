using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tagloop.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Adjudications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Adjudications",
                columns: table => new
                {
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Adjudications", x => x.DocumentId);
                    table.ForeignKey(
                        name: "FK_Adjudications_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdjudicationLabels",
                columns: table => new
                {
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdjudicationLabels", x => new { x.DocumentId, x.LabelId });
                    table.ForeignKey(
                        name: "FK_AdjudicationLabels_Adjudications_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Adjudications",
                        principalColumn: "DocumentId",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AdjudicationLabels_Labels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "Labels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdjudicationLabels_LabelId",
                table: "AdjudicationLabels",
                column: "LabelId");

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_ProjectId",
                table: "Adjudications",
                column: "ProjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdjudicationLabels");

            migrationBuilder.DropTable(
                name: "Adjudications");
        }
    }
}
