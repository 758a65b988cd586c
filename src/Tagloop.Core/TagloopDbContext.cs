using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Review;
using Tagloop.Core.Tasks;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core;

/// <summary>
/// The one provider-neutral model of Tagloop's data. Each storage provider derives from it only to
/// add its own conventions and migrations. Documents and pre-filled labels of an import that has not completed are
/// hidden from every query by a global filter (<see cref="ImportRun"/>); only the importer and the clean-up of
/// abandoned imports look past it.
/// </summary>
public class TagloopDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Label> Labels => Set<Label>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Annotation> Annotations => Set<Annotation>();

    public DbSet<AnnotationLabel> AnnotationLabels => Set<AnnotationLabel>();

    public DbSet<AnnotationSpan> AnnotationSpans => Set<AnnotationSpan>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();

    public DbSet<TaxonomyChange> TaxonomyChanges => Set<TaxonomyChange>();

    public DbSet<RetiredAnnotationLabel> RetiredAnnotationLabels => Set<RetiredAnnotationLabel>();

    public DbSet<RelabelRequest> RelabelRequests => Set<RelabelRequest>();

    public DbSet<User> Users => Set<User>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<Adjudication> Adjudications => Set<Adjudication>();

    public DbSet<AdjudicationLabel> AdjudicationLabels => Set<AdjudicationLabel>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    public DbSet<AssignedDocument> AssignedDocuments => Set<AssignedDocument>();

    public DbSet<Tasks.TaskLease> TaskLeases => Set<Tasks.TaskLease>();

    public DbSet<LabellingRule> LabellingRules => Set<LabellingRule>();

    public DbSet<LabellingRuleVersion> LabellingRuleVersions => Set<LabellingRuleVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Project>(p =>
        {
            p.Property(x => x.Name).HasMaxLength(200);
            p.Property(x => x.Strategy).HasMaxLength(40).HasDefaultValue(AcquisitionCatalog.Default);

            // Projects made before encoders were a setting learnt from TF-IDF and keep it; new ones name theirs.
            p.Property(x => x.Encoder).HasMaxLength(40).HasDefaultValue("tfidf");
            p.Property(x => x.OverlapAnswers).HasDefaultValue(Tasks.Overlap.MinAnswers);
            p.Property(x => x.SpanUnit).HasMaxLength(20).HasDefaultValue(SpanUnits.Sentence);
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

            // One index serves counts under the filter below (index-only), the task queue's load (id and shuffle key) and
            // an import's rows (clean-up, the queue taking in a completed import). Import-major, so an import's random
            // shuffle keys only churn its own part of the index between its batches.
            d.HasIndex(x => new { x.ProjectId, x.ImportRunId, x.ShuffleKey });

            // The import's subquery is uncorrelated, so SQLite runs it once per statement (a handful of rows at most)
            // instead of looking up each row's import, which made a count over a large project six times slower, not three.
            d.HasQueryFilter(x => x.ImportRunId == null || !ImportRuns.Where(r => r.State != ImportRunState.Completed).Select(r => (long?)r.Id).Contains(x.ImportRunId));
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
            a.HasQueryFilter(x => x.ImportRunId == null || !ImportRuns.Where(r => r.State != ImportRunState.Completed).Select(r => (long?)r.Id).Contains(x.ImportRunId));
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

        modelBuilder.Entity<ImportRun>(r =>
        {
            r.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            r.Property(x => x.FileName).HasMaxLength(ImportRun.MaxFileNameLength);
            r.Property(x => x.Format).HasMaxLength(40);
            r.Property(x => x.OwnerHost).HasMaxLength(255);
            r.HasIndex(x => new { x.ProjectId, x.State });
        });

        modelBuilder.Entity<TaxonomyChange>(c =>
        {
            c.Property(x => x.Author).HasMaxLength(200);
            c.Property(x => x.Kind).HasMaxLength(20);
            c.Property(x => x.Summary).HasMaxLength(4000);
            c.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            c.HasIndex(x => new { x.ProjectId, x.Version }).IsUnique();
        });

        modelBuilder.Entity<RetiredAnnotationLabel>(r =>
        {
            r.Property(x => x.LabelName).HasMaxLength(100);
            r.HasOne<Annotation>().WithMany().HasForeignKey(x => x.AnnotationId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<TaxonomyChange>().WithMany().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => x.AnnotationId);
        });

        modelBuilder.Entity<RelabelRequest>(r =>
        {
            r.HasKey(x => x.DocumentId);
            r.Property(x => x.Reason).HasMaxLength(1000);
            r.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<TaxonomyChange>().WithMany().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => x.ProjectId);
        });

        modelBuilder.Entity<TrainingRun>(r =>
        {
            r.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.ProjectId, x.Version });
        });

        // Leases held in the database (several servers on PostgreSQL): one per annotator and project; found by document
        // when counting a document's holders; gone with their document.
        modelBuilder.Entity<Tasks.TaskLease>(l =>
        {
            l.HasKey(x => new { x.ProjectId, x.Annotator });
            l.Property(x => x.Annotator).HasMaxLength(200);
            l.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            l.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            l.HasIndex(x => new { x.ProjectId, x.DocumentId });
        });

        ConfigureAccounts(modelBuilder);
        ConfigureReview(modelBuilder);
        ConfigureAssignments(modelBuilder);
        ConfigureRules(modelBuilder);
    }

    private static void ConfigureRules(ModelBuilder modelBuilder)
    {
        // Lists are JSON text on every provider (not PostgreSQL arrays), so both databases hold the same and a copy is exact.
        static PropertyBuilder<List<T>> AsJson<T>(PropertyBuilder<List<T>> property) => property.HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<List<T>>(v, (JsonSerializerOptions?)null) ?? new List<T>(),
            new ValueComparer<List<T>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()));

        modelBuilder.Entity<LabellingRule>(r =>
        {
            r.Property(x => x.Name).HasMaxLength(WeakSupervision.LabellingRules.MaxNameLength);
            r.Property(x => x.LabelName).HasMaxLength(100);
            r.Property(x => x.Kind).HasConversion(k => RuleKinds.Name(k), n => RuleKinds.ParseKind(n) ?? RuleKind.Keywords).HasMaxLength(20);
            r.Property(x => x.Match).HasConversion(m => RuleKinds.Name(m), n => RuleKinds.ParseMatch(n) ?? RuleMatch.Any).HasMaxLength(3);
            AsJson(r.Property(x => x.Terms));
            AsJson(r.Property(x => x.Examples));
            AsJson(r.Property(x => x.ExampleDocumentIds));
            r.Property(x => x.Pattern).HasMaxLength(WeakSupervision.LabellingRules.MaxPatternLength);
            r.Property(x => x.MetaField).HasMaxLength(WeakSupervision.LabellingRules.MaxMetaLength);
            r.Property(x => x.MetaValue).HasMaxLength(WeakSupervision.LabellingRules.MaxMetaLength);
            r.Property(x => x.Note).HasMaxLength(WeakSupervision.LabellingRules.MaxNoteLength);
            r.Property(x => x.CreatedBy).HasMaxLength(200);
            r.Property(x => x.UpdatedBy).HasMaxLength(200);

            // An edit names the version it started from; two edits of one version cannot both commit.
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Label>().WithMany().HasForeignKey(x => x.LabelId).OnDelete(DeleteBehavior.SetNull);
            r.HasMany(x => x.Versions).WithOne().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.ProjectId, x.Name }).IsUnique();
            r.HasIndex(x => x.LabelId);
        });

        modelBuilder.Entity<LabellingRuleVersion>(v =>
        {
            v.Property(x => x.Author).HasMaxLength(200);
            v.HasIndex(x => new { x.RuleId, x.Version }).IsUnique();
        });
    }

    private static void ConfigureAssignments(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Assignment>(a =>
        {
            a.Property(x => x.Assignee).HasMaxLength(200);
            a.Property(x => x.Search).HasMaxLength(Tasks.Assignments.MaxSearchLength);
            a.Property(x => x.MetaField).HasMaxLength(Tasks.Assignments.MaxMetaLength);
            a.Property(x => x.MetaValue).HasMaxLength(Tasks.Assignments.MaxMetaLength);
            a.Property(x => x.Note).HasMaxLength(Tasks.Assignments.MaxNoteLength);
            a.Property(x => x.CreatedBy).HasMaxLength(200);
            a.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            a.HasMany(x => x.Documents).WithOne().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => x.ProjectId);
        });

        modelBuilder.Entity<AssignedDocument>(d =>
        {
            d.HasKey(x => new { x.AssignmentId, x.DocumentId });
            d.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => x.DocumentId);
        });
    }

    private static void ConfigureReview(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Adjudication>(a =>
        {
            a.HasKey(x => x.DocumentId);
            a.Property(x => x.DecidedBy).HasMaxLength(200);
            a.Property(x => x.Note).HasMaxLength(2000);
            a.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            a.HasMany(x => x.Labels).WithOne().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => x.ProjectId);
        });

        modelBuilder.Entity<AdjudicationLabel>(l =>
        {
            l.HasKey(x => new { x.DocumentId, x.LabelId });
            l.HasOne<Label>().WithMany().HasForeignKey(x => x.LabelId).OnDelete(DeleteBehavior.Cascade);
            l.HasIndex(x => x.LabelId);
        });

        modelBuilder.Entity<Comment>(c =>
        {
            c.Property(x => x.Author).HasMaxLength(200);
            c.Property(x => x.Text).HasMaxLength(Review.Comments.MaxLength);
            c.Property(x => x.Mentions).HasMaxLength(2100);
            c.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
            c.HasIndex(x => new { x.ProjectId, x.DocumentId });
        });
    }

    private static void ConfigureAccounts(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(u =>
        {
            u.Property(x => x.Name).HasMaxLength(100);
            u.Property(x => x.NormalizedName).HasMaxLength(100);
            u.Property(x => x.PasswordHash).HasMaxLength(200);
            u.HasIndex(x => x.NormalizedName).IsUnique();
            u.Ignore(x => x.IsDisabled);
        });

        modelBuilder.Entity<ProjectMember>(m =>
        {
            m.HasKey(x => new { x.ProjectId, x.UserId });
            m.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
            m.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            m.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            m.HasIndex(x => x.UserId);
        });

        modelBuilder.Entity<ApiToken>(t =>
        {
            t.Property(x => x.Name).HasMaxLength(100);
            t.Property(x => x.Hash).HasMaxLength(64);
            t.Property(x => x.Prefix).HasMaxLength(16);
            t.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
            t.Property(x => x.LastUsedFrom).HasMaxLength(100);
            t.HasIndex(x => x.Hash).IsUnique();
            t.HasIndex(x => x.UserId);
            t.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            t.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UserSession>(s =>
        {
            s.Property(x => x.Hash).HasMaxLength(64);
            s.Property(x => x.RemoteAddress).HasMaxLength(100);
            s.HasIndex(x => x.Hash).IsUnique();
            s.HasIndex(x => x.ExpiresAt);
            s.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // The audit trail outlives what it names: no foreign keys, so deleting a project keeps its lines.
        modelBuilder.Entity<AuditEvent>(a =>
        {
            a.Property(x => x.Action).HasMaxLength(40);
            a.Property(x => x.Actor).HasMaxLength(200);
            a.Property(x => x.Detail).HasMaxLength(1000);
            a.Property(x => x.RemoteAddress).HasMaxLength(100);
            a.HasIndex(x => x.At);
        });
    }
}
