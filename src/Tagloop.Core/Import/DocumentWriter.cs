using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Annotation = Tagloop.Core.Annotations.Annotation;

namespace Tagloop.Core.Import;

/// <summary>
/// Inserts documents (and pre-filled labels) of one import run with prepared, parameterised commands on the context's
/// own connection, in whichever transaction (batch) is current. EF change tracking costs far more than the insert itself
/// at a million rows. Table and column names, quoting and value conversions all come from the EF model, so the SQL
/// suits any provider.
/// </summary>
internal sealed class DocumentWriter : IAsyncDisposable
{
    private readonly Command insertDocument;
    private readonly Command insertAnnotation;
    private readonly Command insertAnnotationLabel;
    private readonly Command insertAnnotationSpan;
    private readonly long importRunId;

    public DocumentWriter(TagloopDbContext db, long importRunId)
    {
        ArgumentNullException.ThrowIfNull(db);
        this.importRunId = importRunId;
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        insertDocument = Command.Insert(connection, sql, db.Model.FindEntityType(typeof(Document))!,
            [nameof(Document.ProjectId), nameof(Document.Text), nameof(Document.TextHash), nameof(Document.ShuffleKey), nameof(Document.MetaJson), nameof(Document.ImportedAt), nameof(Document.ImportRunId)],
            returning: nameof(Document.Id));
        insertAnnotation = Command.Insert(connection, sql, db.Model.FindEntityType(typeof(Annotation))!,
            [nameof(Annotation.ProjectId), nameof(Annotation.DocumentId), nameof(Annotation.Author), nameof(Annotation.Kind), nameof(Annotation.Source),
             nameof(Annotation.CreatedAt), nameof(Annotation.Flagged), nameof(Annotation.IsCurrent), nameof(Annotation.ImportRunId)],
            returning: nameof(Annotation.Id));
        insertAnnotationLabel = Command.Insert(connection, sql, db.Model.FindEntityType(typeof(AnnotationLabel))!,
            [nameof(AnnotationLabel.AnnotationId), nameof(AnnotationLabel.LabelId)],
            returning: null);
        insertAnnotationSpan = Command.Insert(connection, sql, db.Model.FindEntityType(typeof(AnnotationSpan))!,
            [nameof(AnnotationSpan.AnnotationId), nameof(AnnotationSpan.Start), nameof(AnnotationSpan.End), nameof(AnnotationSpan.LabelId)],
            returning: null);
    }

    /// <summary>Writes from now on in <paramref name="transaction"/> (the current batch's).</summary>
    public void Enlist(DbTransaction transaction)
    {
        insertDocument.Enlist(transaction);
        insertAnnotation.Enlist(transaction);
        insertAnnotationLabel.Enlist(transaction);
        insertAnnotationSpan.Enlist(transaction);
    }

    public async Task<long> InsertDocumentAsync(int projectId, string text, byte[] hash, long shuffleKey, string? metaJson, DateTimeOffset importedAt, CancellationToken cancellationToken) =>
        (long)(await insertDocument.ExecuteAsync([projectId, text, hash, shuffleKey, metaJson, importedAt, importRunId], cancellationToken).ConfigureAwait(false))!;

    /// <summary>An answer by the import source: document labels, or spans (UTF-16, already checked), or both empty for "no entity".</summary>
    public async Task InsertAnswerAsync(int projectId, long documentId, string author, string source, IReadOnlyList<int> labelIds, IReadOnlyList<AnnotationSpan> spans, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var annotationId = (long)(await insertAnnotation.ExecuteAsync(
            [projectId, documentId, author, AnnotationKind.Answer, source, createdAt, false, true, importRunId], cancellationToken).ConfigureAwait(false))!;
        foreach (var labelId in labelIds)
        {
            await insertAnnotationLabel.ExecuteAsync([annotationId, labelId], cancellationToken).ConfigureAwait(false);
        }

        foreach (var span in spans)
        {
            await insertAnnotationSpan.ExecuteAsync([annotationId, span.Start, span.End, span.LabelId], cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await insertDocument.DisposeAsync().ConfigureAwait(false);
        await insertAnnotation.DisposeAsync().ConfigureAwait(false);
        await insertAnnotationLabel.DisposeAsync().ConfigureAwait(false);
        await insertAnnotationSpan.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Command(DbCommand command, DbParameter[] parameters, IProperty[] properties, bool returns) : IAsyncDisposable
    {
        public static Command Insert(DbConnection connection, ISqlGenerationHelper sql, IEntityType entity, string[] columns, string? returning)
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var properties = columns.Select(c => entity.FindProperty(c)!).ToArray();
            var command = connection.CreateCommand();
            var parameters = new DbParameter[properties.Length];
            for (var i = 0; i < properties.Length; i++)
            {
                parameters[i] = command.CreateParameter();
                parameters[i].ParameterName = sql.GenerateParameterName("p" + i);
                command.Parameters.Add(parameters[i]);
            }

            var names = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)));
            var values = string.Join(", ", parameters.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)));
            var returningClause = returning is null ? "" : " RETURNING " + sql.DelimitIdentifier(entity.FindProperty(returning)!.GetColumnName(store)!);
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table, entity.GetSchema())} ({names}) VALUES ({values}){returningClause}";
            return new Command(command, parameters, properties, returning is not null);
        }

        public void Enlist(DbTransaction transaction) => command.Transaction = transaction;

        public async Task<object?> ExecuteAsync(object?[] values, CancellationToken cancellationToken)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var converter = properties[i].GetTypeMapping().Converter;
                var value = values[i] is null ? null : converter is null ? values[i] : converter.ConvertToProvider(values[i]);
                parameters[i].Value = value ?? DBNull.Value;
            }

            if (returns)
            {
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
