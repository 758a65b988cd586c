using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// CSV with a header row (RFC 4180, read by CsvHelper): one column is the text, an optional one holds labels
/// (several separated by <c>|</c>), and every other column becomes metadata.
/// </summary>
internal sealed class CsvRecordReader(Stream stream, ImportOptions options) : IRecordReader
{
    private readonly Utf8LineReader lines = new(stream, (int)Math.Min(int.MaxValue / 2, (options.MaxDocumentBytes * 4) + (64 * 1024)));

    public long BytesRead => lines.BytesRead;

    /// <summary>Whole-file problems found while reading the header (no line to blame).</summary>
    public string? HeaderProblem { get; private set; }

    /// <summary>The option at fault for <see cref="HeaderProblem"/>: textColumn, labelColumn, or file.</summary>
    public string HeaderField { get; private set; } = "file";

    public async IAsyncEnumerable<ParsedLine> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var badData = false;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            BadDataFound = _ => badData = true,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
            MaxFieldSize = Math.Max(1024, options.MaxDocumentBytes * 4),
        };
        using var text = new LineTextReader(lines, cancellationToken);
        using var parser = new CsvParser(text, configuration);
        bool hasHeader;
        try
        {
            hasHeader = await parser.ReadAsync().ConfigureAwait(false);
        }
        catch (MaxFieldSizeException)
        {
            HeaderProblem = "The header row never ends: a quote in it is never closed, so the whole file reads as one column name. Close the quote, or remove it.";
            hasHeader = false;
        }

        if (!hasHeader)
        {
            yield break;
        }

        var header = parser.Record ?? [];
        if (text.BadLines.Count > 0 && text.BadLines.Keys[0] <= parser.RawRow)
        {
            HeaderProblem = $"The header row is bad: {text.BadLines.Values[0]}.";
            yield break;
        }

        var columns = Columns.Find(header, options);
        if (columns.Problem is not null)
        {
            HeaderProblem = columns.Problem;
            HeaderField = columns.Field;
            yield break;
        }

        long previousEnd = parser.RawRow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            badData = false;
            bool more;
            string? decodeError = null;
            try
            {
                more = await parser.ReadAsync().ConfigureAwait(false);
            }
            catch (MaxFieldSizeException)
            {
                more = false;
                decodeError = $"a field is far over the {options.MaxDocumentBytes / (1024.0 * 1024.0):0.#} MB document limit (is a quote never closed?); nothing after this point could be read";
            }

            if (decodeError is not null)
            {
                yield return ParsedLine.Bad(previousEnd + 1, decodeError);
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var line = previousEnd + 1;
            previousEnd = parser.RawRow;
            var record = parser.Record ?? [];
            var raw = parser.RawRecord;
            var bad = FirstBadLine(text.BadLines, line, previousEnd);
            if (bad is { } badLine)
            {
                yield return ParsedLine.Bad(badLine.Key, badLine.Value);
                continue;
            }

            if (CountQuotes(raw) % 2 == 1)
            {
                yield return ParsedLine.Bad(line, "a quote is never closed, or a field holds a bare \" (quote such a field and double the quote: \"\")");
                continue;
            }

            if (badData)
            {
                yield return ParsedLine.Bad(line, "a stray quote: a field that contains \" must be quoted, with the quote doubled (\"\")");
                continue;
            }

            if (record.Length != header.Length)
            {
                yield return ParsedLine.Bad(line, $"{record.Length} fields, but the header has {header.Length}");
                continue;
            }

            var documentText = record[columns.Text];
            if (string.IsNullOrWhiteSpace(documentText))
            {
                yield return ParsedLine.Bad(line, $"the text column '{UnicodeText.Quote(header[columns.Text], 40)}' is empty");
                continue;
            }

            IReadOnlyList<string> labels = columns.Label is { } labelColumn
                ? [.. record[labelColumn].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : [];
            yield return ParsedLine.Of(new ImportRecord(line, documentText, Meta(header, record, columns), labels));
        }
    }

    private static KeyValuePair<long, string>? FirstBadLine(SortedList<long, string> badLines, long first, long last)
    {
        while (badLines.Count > 0 && badLines.Keys[0] < first)
        {
            badLines.RemoveAt(0);
        }

        return badLines.Count > 0 && badLines.Keys[0] <= last ? new KeyValuePair<long, string>(badLines.Keys[0], badLines.Values[0]) : null;
    }

    private static int CountQuotes(string raw)
    {
        var count = 0;
        foreach (var c in raw)
        {
            if (c == '"')
            {
                count++;
            }
        }

        return count;
    }

    private static string? Meta(string[] header, string[] record, Columns columns)
    {
        if (header.Length <= (columns.Label is null ? 1 : 2))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (i != columns.Text && i != columns.Label)
                {
                    writer.WriteString(header[i], record[i]);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private readonly record struct Columns(int Text, int? Label, string? Problem, string Field = "file")
    {
        public static Columns Find(string[] header, ImportOptions options)
        {
            // Column names come from the file: quoted short and repaired, so a hostile header cannot swamp or break the message.
            var found = string.Join(", ", header.Take(20).Select(h => $"'{UnicodeText.Quote(h, 40)}'")) + (header.Length > 20 ? $" and {header.Length - 20} more" : "");
            int text;
            if (string.IsNullOrWhiteSpace(options.TextColumn))
            {
                // As the web page does: the first of the usual names for a text column; never a guess (an id column
                // taken for the text would import "1", "2", … without a word).
                text = CsvColumnNames.Find(header, CsvColumnNames.Text);
                if (text < 0)
                {
                    return new(-1, null, $"The CSV has no column named {CsvColumnNames.Listed(CsvColumnNames.Text)}; choose the text column (columns found: {found}).", "textColumn");
                }
            }
            else
            {
                var textName = options.TextColumn.Trim();
                text = Array.FindIndex(header, h => string.Equals(h.Trim(), textName, StringComparison.OrdinalIgnoreCase));
                if (text < 0)
                {
                    return new(-1, null, $"The CSV has no column '{UnicodeText.Quote(textName, 40)}' (columns found: {found}).", "textColumn");
                }
            }

            var duplicate = header.GroupBy(h => h.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                return new(-1, null, $"The CSV header names column '{UnicodeText.Quote(duplicate.Key, 40)}' more than once.");
            }

            int? label = null;
            if (!string.IsNullOrWhiteSpace(options.LabelColumn))
            {
                var index = Array.FindIndex(header, h => string.Equals(h.Trim(), options.LabelColumn.Trim(), StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    return new(-1, null, $"The CSV has no label column '{UnicodeText.Quote(options.LabelColumn, 40)}' (columns found: {found}).", "labelColumn");
                }

                label = index;
            }
            else
            {
                var index = CsvColumnNames.Find(header, CsvColumnNames.Label);
                label = index >= 0 && index != text ? index : null;
            }

            if (label == text)
            {
                return new(-1, null, "The text column and the label column must differ.", "labelColumn");
            }

            return new(text, label, null);
        }
    }
}
