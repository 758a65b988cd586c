using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's documents as rules read them, in id order: ids, texts and metadata (values as text: strings as they
/// are, numbers and booleans in their JSON spelling; other values left out). Documents never change once imported, so
/// the snapshot stands while the project's count of documents and largest id stay the same (ids only grow: an import
/// raises the largest, a deletion lowers the count).
/// </summary>
internal sealed class RuleCorpusSnapshot
{
    private RuleCorpusSnapshot(long[] ids, string[] texts, IReadOnlyDictionary<string, string>?[] metadata, (int Count, long MaxId) version)
    {
        Ids = ids;
        Texts = texts;
        Metadata = metadata;
        Version = version;
    }

    /// <summary>The documents' ids, ascending: position i is document i of the rules' label matrix.</summary>
    public long[] Ids { get; }

    public string[] Texts { get; }

    /// <summary>Each document's metadata fields, or null for a document without any.</summary>
    public IReadOnlyDictionary<string, string>?[] Metadata { get; }

    /// <summary>The count of documents and the largest id when the snapshot was read.</summary>
    public (int Count, long MaxId) Version { get; }

    public int Count => Ids.Length;

    /// <summary>Document <paramref name="id"/>'s position, or -1 when the snapshot does not hold it.</summary>
    public int IndexOf(long id)
    {
        var at = Array.BinarySearch(Ids, id);
        return at < 0 ? -1 : at;
    }

    /// <summary>The project's count of documents and largest id: two index lookups.</summary>
    public static async Task<(int Count, long MaxId)> VersionAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var documents = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId);
        var count = await documents.CountAsync(cancellationToken).ConfigureAwait(false);
        var max = count == 0 ? 0 : await documents.MaxAsync(d => d.Id, cancellationToken).ConfigureAwait(false);
        return (count, max);
    }

    /// <summary>Reads every document of the project (ids, texts, metadata) in one pass.</summary>
    public static async Task<RuleCorpusSnapshot> ReadAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var texts = new List<string>();
        var metadata = new List<IReadOnlyDictionary<string, string>?>();
        await foreach (var document in db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Text, d.MetaJson }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(document.Id);
            texts.Add(document.Text);
            metadata.Add(Fields(document.MetaJson));
        }

        // The version read after the documents: a document added meanwhile makes the next request read again.
        var max = ids.Count == 0 ? 0 : ids[^1];
        return new RuleCorpusSnapshot([.. ids], [.. texts], [.. metadata], (ids.Count, max));
    }

    /// <summary>A metadata object's fields as text; null for none, for JSON that is not an object, or an object with no usable field.</summary>
    internal static Dictionary<string, string>? Fields(string? metaJson)
    {
        if (string.IsNullOrWhiteSpace(metaJson))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(metaJson);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            Dictionary<string, string>? fields = null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (value is not null)
                {
                    (fields ??= new Dictionary<string, string>(StringComparer.Ordinal))[property.Name] = value;
                }
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
