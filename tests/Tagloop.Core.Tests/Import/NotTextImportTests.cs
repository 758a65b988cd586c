using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;

namespace Tagloop.Core.Tests.Import;

/// <summary>Files that are not text at all are refused once, in words, whatever format was asked for; text in another encoding is still named line by line.</summary>
public sealed class NotTextImportTests
{
    public static TheoryData<string, byte[], string> Files()
    {
        var gzip = new MemoryStream();
        using (var zipped = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            zipped.Write(Encoding.UTF8.GetBytes("text\nhello\n"));
        }

        var random = new byte[4096];
        new Random(7).NextBytes(random);
        random[0] = 0x41;
        var noNul = random.Select(b => b == 0 ? (byte)0xFF : b).ToArray();
        return new()
        {
            { "gzip", gzip.ToArray(), "This is a gzip archive (unpack it first), not a text file." },
            { "xlsx", [0x50, 0x4B, 0x03, 0x04, .. Encoding.ASCII.GetBytes("[Content_Types].xml")], "This is a ZIP archive (an Excel .xlsx or Word .docx file is one too: save the sheet as CSV first)" },
            { "pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), "This is a PDF" },
            { "utf16", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("text\nhello\n")], "The file is UTF-16 text; save it as UTF-8" },
            { "nuls", [.. Encoding.ASCII.GetBytes("text\nhel"), 0, 0, 0, 1, 0, 2, .. Encoding.ASCII.GetBytes("lo\n")], "This looks like a binary file (it holds NUL bytes)" },
            { "noise", noNul, "This looks like a binary file (" },
        };
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_file_that_is_not_text_is_one_problem_and_nothing_is_written(string kind, byte[] content, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        foreach (var format in new[] { ImportFormat.Csv, ImportFormat.Jsonl, ImportFormat.Text })
        {
            var outcome = await database.ImportAsync(project.Id, content, format);
            Assert.False(outcome.Succeeded, $"{kind} as {format} was accepted");
            var problem = Assert.Single(outcome.Problems);
            Assert.Equal("file", problem.Field);
            Assert.StartsWith(expected, problem.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
        Assert.Equal(0, await database.NewContext().ImportRuns.CountAsync());
    }

    [Fact]
    public async Task Latin_1_text_is_not_taken_for_binary_its_lines_are_named_with_the_fix()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var latin1 = Encoding.Latin1.GetBytes("text\ncafé au lait\nnaïve\nplain\n");
        var result = (await database.ImportAsync(project.Id, latin1, ImportFormat.Csv)).Imported();
        Assert.True(result.Rejected);
        Assert.Equal([2, 3], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.Contains("save the file as UTF-8", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_text_file_longer_than_the_head_that_is_looked_at_arrives_whole()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var lines = Enumerable.Range(0, 2_000).Select(i => $"document number {i} with some words in it, ünïcödé too").ToList();
        var result = (await database.ImportAsync(project.Id, string.Join('\n', lines), ImportFormat.Text)).Imported();
        Assert.Equal(2_000, result.Imported);
        var stored = await database.NewContext().Documents.OrderBy(d => d.Id).Select(d => d.Text).ToListAsync();
        Assert.Equal(lines, stored);
    }
}
