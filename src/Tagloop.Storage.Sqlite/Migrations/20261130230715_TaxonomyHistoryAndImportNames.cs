using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tagloop.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TaxonomyHistoryAndImportNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FileName",
                table: "ImportRuns",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "ImportRuns",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetiredByChangeId",
                table: "Annotations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TaxonomyChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxonomyChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaxonomyChanges_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RelabelRequests",
                columns: table => new
                {
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelabelRequests", x => x.DocumentId);
                    table.ForeignKey(
                        name: "FK_RelabelRequests_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RelabelRequests_TaxonomyChanges_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "TaxonomyChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetiredAnnotationLabels",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AnnotationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangeId = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelId = table.Column<int>(type: "INTEGER", nullable: false),
                    LabelName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Start = table.Column<int>(type: "INTEGER", nullable: true),
                    End = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetiredAnnotationLabels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetiredAnnotationLabels_Annotations_AnnotationId",
                        column: x => x.AnnotationId,
                        principalTable: "Annotations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RetiredAnnotationLabels_TaxonomyChanges_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "TaxonomyChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RelabelRequests_ChangeId",
                table: "RelabelRequests",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_RelabelRequests_ProjectId",
                table: "RelabelRequests",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_RetiredAnnotationLabels_AnnotationId",
                table: "RetiredAnnotationLabels",
                column: "AnnotationId");

            migrationBuilder.CreateIndex(
                name: "IX_RetiredAnnotationLabels_ChangeId",
                table: "RetiredAnnotationLabels",
                column: "ChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_TaxonomyChanges_ProjectId_Version",
                table: "TaxonomyChanges",
                columns: new[] { "ProjectId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RelabelRequests");

            migrationBuilder.DropTable(
                name: "RetiredAnnotationLabels");

            migrationBuilder.DropTable(
                name: "TaxonomyChanges");

            migrationBuilder.DropColumn(
                name: "FileName",
                table: "ImportRuns");

            migrationBuilder.DropColumn(
                name: "Format",
                table: "ImportRuns");

            migrationBuilder.DropColumn(
                name: "RetiredByChangeId",
                table: "Annotations");
        }
    }
}
