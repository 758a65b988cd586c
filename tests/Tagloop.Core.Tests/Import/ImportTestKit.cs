using System.Text;
using Tagloop.Core.Common;
using Tagloop.Core.Import;

namespace Tagloop.Core.Tests.Import;

/// <summary>Runs imports from strings or bytes.</summary>
internal static class ImportTestKit
{
    public static Task<Outcome<ImportResult>> ImportAsync(this TestDatabase database, int projectId, string content, ImportFormat format, bool skipInvalid = false, string? textColumn = null, long maxDocumentBytes = 1024 * 1024) =>
        database.ImportAsync(projectId, Encoding.UTF8.GetBytes(content), format, skipInvalid, textColumn, maxDocumentBytes);

    public static async Task<Outcome<ImportResult>> ImportAsync(this TestDatabase database, int projectId, byte[] content, ImportFormat format, bool skipInvalid = false, string? textColumn = null, long maxDocumentBytes = 1024 * 1024)
    {
        using var stream = new MemoryStream(content);
        return await new DocumentImporter(database.Db, TimeProvider.System).ImportAsync(
            projectId, stream, new ImportOptions { Format = format, SkipInvalid = skipInvalid, TextColumn = textColumn, MaxDocumentBytes = maxDocumentBytes, Source = "seed" }, null, CancellationToken.None);
    }

    public static ImportResult Imported(this Outcome<ImportResult> outcome)
    {
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Value!;
    }
}
