using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;
using Tagloop.Learning.Acquisition;

namespace Tagloop.Core;

/// <summary>
/// The one provider-neutral model of Tagloop's data. Each storage provider derives from it only to
/// add its own conventions and migrations.
/// </summary>
public class TagloopDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Label> Labels => Set<Label>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Annotation> Annotations => Set<Annotation>();

    public DbSet<AnnotationLabel> AnnotationLabels => Set<AnnotationLabel>();

    public DbSet<AnnotationSpan> AnnotationSpans => Set<AnnotationSpan>();

    public DbSet<TaskLease> TaskLeases => Set<TaskLease>();

    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Project>(p =>
        {
            p.Property(x => x.Name).HasMaxLength(200);
            p.Property(x => x.Strategy).HasMaxLength(40).HasDefaultValue(AcquisitionCatalog.Default);
            p.HasIndex(x => x.Name).IsUnique();
            p.HasMany(x => x.Labels).WithOne().HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Label>(l =>
        {
            l.Property(x => x.Name).HasMaxLength(100);
            l.Property(x => x.Key).HasMaxLength(1);
            l.Property(x => x.Color).HasMaxLength(16);
            l.HasIndex(x => new { x.ProjectId, x.Name }).IsUnique();
        });

        modelBuilder.Entity<Document>(d =>
        {
            d.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.ProjectId, x.TextHash }).IsUnique();
            d.HasIndex(x => new { x.ProjectId, x.ShuffleKey });
        });

        modelBuilder.Entity<Annotation>(a =>
        {
            a.Property(x => x.Author).HasMaxLength(200);
            a.Property(x => x.Source).HasMaxLength(200);
            a.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            a.HasMany(x => x.Labels).WithOne().HasForeignKey(x => x.AnnotationId).OnDelete(DeleteBehavior.Cascade);
            a.HasMany(x => x.Spans).WithOne().HasForeignKey(x => x.AnnotationId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => new { x.ProjectId, x.DocumentId, x.IsCurrent });
            a.HasIndex(x => new { x.ProjectId, x.Author, x.CreatedAt });
        });

        modelBuilder.Entity<AnnotationLabel>(al =>
        {
            al.HasKey(x => new { x.AnnotationId, x.LabelId });
            al.HasOne<Label>().WithMany().HasForeignKey(x => x.LabelId).OnDelete(DeleteBehavior.Cascade);
            al.HasIndex(x => x.LabelId);
        });

        modelBuilder.Entity<AnnotationSpan>(s =>
        {
            s.HasOne<Label>().WithMany().HasForeignKey(x => x.LabelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TaskLease>(t =>
        {
            t.HasKey(x => new { x.DocumentId, x.Annotator });
            t.Property(x => x.Annotator).HasMaxLength(200);
            t.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            t.HasIndex(x => new { x.ProjectId, x.ExpiresAt });
        });

        modelBuilder.Entity<TrainingRun>(r =>
        {
            r.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.ProjectId, x.Version });
        });
    }
}
