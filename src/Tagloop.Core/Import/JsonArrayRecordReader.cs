using System.Text.Json;

namespace Tagloop.Core.Import;

/// <summary>
/// A JSON array of records (a Label Studio export, a pretty-printed list), streamed item by item with the line each
/// item starts on, so that a bad record is named by its line as in the other formats. Read with the framework's
/// Utf8JsonReader a buffer at a time; an item must fit in <c>maxItemBytes</c>. JSON that breaks off, or anything
/// but whitespace after the array, ends the file with one error naming the line.
/// </summary>
internal sealed class JsonArrayRecordReader(Stream stream, int maxItemBytes, JsonDialect dialect) : IRecordReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private byte[] buffer = new byte[64 * 1024];
    private int start;   // first byte of the buffer not yet consumed
    private int filled;  // bytes in the buffer
    private bool ended;  // the stream has no more
    private long line = 1;
    private int countedUpTo; // buffer position up to which lines are counted
    private bool lastWasCarriageReturn;
    private bool closed;     // the array's closing ] is read
    private bool begun;      // the first bytes are read (and a byte-order mark skipped)

    public long BytesRead { get; private set; }

    public async IAsyncEnumerable<ParsedLine> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new JsonReaderState(Options);
        var depthSeen = false;
        var items = 0L;
        while (true)
        {
            var step = Step(ref state, ref depthSeen);
            switch (step.Kind)
            {
                case StepKind.Item:
                    items++;
                    yield return step.Parsed;
                    continue;
                case StepKind.Error:
                    yield return step.Parsed;
                    yield break;
                case StepKind.Done:
                    yield break;
                default:
                    // More bytes are needed: keep what is not consumed, read on.
                    if (ended && closed)
                    {
                        yield break;
                    }

                    if (ended)
                    {
                        var last = buffer.AsSpan(0, filled).LastIndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
                        yield return ParsedLine.Bad(LineOf(Math.Max(0, last)), items == 0 && !depthSeen
                            ? "the file holds no JSON array"
                            : $"the JSON array breaks off after item {items}: the file ends before its closing ]");
                        yield break;
                    }

                    if (filled - start > maxItemBytes + (64 * 1024))
                    {
                        yield return ParsedLine.Bad(LineAt(start), $"item {items + 1} is larger than a document may be ({maxItemBytes / (1024 * 1024)} MB with its fields)");
                        yield break;
                    }

                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private enum StepKind
    {
        NeedMore,
        Item,
        Error,
        Done,
    }

    private readonly record struct StepResult(StepKind Kind, ParsedLine Parsed = default);

    /// <summary>Reads from <see cref="start"/>: the array's opening, one item, or its end; or says more bytes are needed.</summary>
    private StepResult Step(ref JsonReaderState state, ref bool opened)
    {
        if (closed)
        {
            return AfterArray();
        }

        // Never the final block: the end of the file is this reader's to judge (an array that breaks off is said so).
        var reader = new Utf8JsonReader(buffer.AsSpan(start, filled - start), isFinalBlock: false, state);
        try
        {
            if (!reader.Read())
            {
                return new(StepKind.NeedMore);
            }

            var tokenStart = start + (int)reader.TokenStartIndex;
            if (!opened)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return new(StepKind.Error, ParsedLine.Bad(LineAt(tokenStart), "a JSON file must hold an array of records ([{\"text\": …}, …]) or one record per line"));
                }

                opened = true;
                Consume(ref state, reader);
                return Step(ref state, ref opened);
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Consume(ref state, reader);
                closed = true;
                return AfterArray();
            }

            var itemLine = LineAt(tokenStart);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return new(StepKind.NeedMore);
            }

            var item = buffer.AsSpan(tokenStart, start + (int)reader.BytesConsumed - tokenStart);
            Consume(ref state, reader);
            using var document = JsonDocument.Parse(item.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            return new(StepKind.Item, JsonRecordShape.Read(itemLine, document.RootElement, dialect));
        }
        catch (JsonException e)
        {
            // The reader's state carries its line count from the first byte (it counts \n only).
            var where = e.LineNumber is { } counted ? counted + 1 : LineOf(start);
            return new(StepKind.Error, ParsedLine.Bad(where, $"not valid JSON: {JsonlRecordReader.FirstSentence(e.Message)}"));
        }
    }

    private StepResult AfterArray()
    {
        var rest = buffer.AsSpan(start, filled - start);
        var other = rest.IndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        if (other >= 0)
        {
            return new(StepKind.Error, ParsedLine.Bad(LineAt(start + other), "there is more after the JSON array's closing ]: a file holds one array"));
        }

        return ended ? new(StepKind.Done) : new(StepKind.NeedMore);
    }

    private void Consume(ref JsonReaderState state, Utf8JsonReader reader)
    {
        start += (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    /// <summary>The line of any buffer position not yet dropped, also one before what is counted.</summary>
    private long LineOf(int position)
    {
        if (position >= countedUpTo)
        {
            return LineAt(position);
        }

        var back = 0;
        for (var i = position; i < countedUpTo; i++)
        {
            back += buffer[i] == (byte)'\r' || (buffer[i] == (byte)'\n' && (i == 0 || buffer[i - 1] != (byte)'\r')) ? 1 : 0;
        }

        return line - back;
    }

    /// <summary>The line of a buffer position, counting \n, \r\n and a lone \r as one line end each.</summary>
    private long LineAt(int position)
    {
        for (; countedUpTo < position && countedUpTo < filled; countedUpTo++)
        {
            var b = buffer[countedUpTo];
            if (b == (byte)'\n')
            {
                line += lastWasCarriageReturn ? 0 : 1;
            }
            else if (b == (byte)'\r')
            {
                line++;
            }

            lastWasCarriageReturn = b == (byte)'\r';
        }

        return line;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        // Lines are counted up to what is dropped, then the unconsumed tail moves to the front (or the buffer grows).
        LineAt(start);
        var kept = filled - start;
        if (kept > buffer.Length / 2)
        {
            var grown = new byte[buffer.Length * 2];
            buffer.AsSpan(start, kept).CopyTo(grown);
            buffer = grown;
        }
        else
        {
            buffer.AsSpan(start, kept).CopyTo(buffer);
        }

        countedUpTo -= start;
        filled = kept;
        start = 0;
        var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
        BytesRead += read;
        filled += read;
        ended = read == 0;
        if (!begun && (filled >= 3 || ended))
        {
            begun = true;
            if (buffer.AsSpan(0, filled).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                start = 3;
                countedUpTo = 3;
            }
        }
    }
}
