using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>
/// The per-project vector cache, a file beside the database (<c>vectors/project-{id}.tf</c>): each document's hashed
/// term frequencies (<see cref="HashedTfidfEncoder.TermFrequencies"/>), the part of encoding that costs and does not
/// depend on the rest of the corpus. Documents are appended once, after import, by the training coordinator; a restart
/// or a refit reads them back instead of tokenising every text again. Records are appended whole and flushed; a tail
/// cut short by a crash is dropped on the next read.
/// </summary>
public sealed class VectorCache(string directory)
{
    private const uint Magic = 0x46544C54; // "TLTF"
    private const int Format = 1;

    public string PathOf(int projectId) => Path.Combine(directory, $"project-{projectId}.tf");

    /// <summary>Deletes a deleted project's cache (the trainer, which alone appends, is idle then: <see cref="TrainingCoordinator.WhileIdleAsync"/>).</summary>
    public void DeleteProject(int projectId) => ProjectFiles.Delete(directory, projectId);

    /// <summary>
    /// Drops deleted documents' records from the project's file (the trainer, which alone appends, must be idle:
    /// <see cref="TrainingCoordinator.WhileIdleAsync"/>). A record cut short at the end is dropped with them.
    /// </summary>
    public void Remove(int projectId, IReadOnlySet<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ProjectFiles.Rewrite(PathOf(projectId), (input, output) =>
        {
            Span<byte> header = stackalloc byte[12];
            if (input.Read(header) != 12)
            {
                return false;
            }

            output.Write(header);
            var dropped = false;
            var body = new byte[1 << 16];
            while (input.ReadAtLeast(header, 12, throwOnEndOfStream: false) == 12)
            {
                var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
                var bytes = 8L * count;
                if (count < 0 || input.Position + bytes > input.Length)
                {
                    return true;
                }

                if (bytes > body.Length)
                {
                    body = new byte[bytes];
                }

                input.ReadExactly(body, 0, (int)bytes);
                if (ids.Contains(BinaryPrimitives.ReadInt64LittleEndian(header)))
                {
                    dropped = true;
                    continue;
                }

                output.Write(header);
                output.Write(body, 0, (int)bytes);
            }

            return dropped || input.Position < input.Length;
        });
    }

    /// <summary>A cached row as <see cref="Scan"/> hands it over: its place in the file, its document, its term frequencies.</summary>
    public delegate void RowVisitor(int record, long id, ReadOnlySpan<int> indices, ReadOnlySpan<float> values);

    /// <summary>The cached documents and their rows, in file order; empty when there is no usable file.</summary>
    public (long[] Ids, SparseMatrix Rows) Load(int projectId, int bits)
    {
        var (records, nonZeros) = Check(projectId, bits);
        if (nonZeros > int.MaxValue - 64)
        {
            throw new InvalidDataException($"The term-frequency cache {PathOf(projectId)} holds {nonZeros:N0} non-zeros, more than one array can.");
        }

        var ids = new long[records];
        var starts = new int[records + 1];
        var indices = new int[nonZeros];
        var values = new float[nonZeros];
        Scan(projectId, bits, (record, id, rowIndices, rowValues) =>
        {
            ids[record] = id;
            starts[record + 1] = starts[record] + rowIndices.Length;
            rowIndices.CopyTo(indices.AsSpan(starts[record]));
            rowValues.CopyTo(values.AsSpan(starts[record]));
        });
        return (ids, new SparseMatrix(1 << bits, starts, indices, values));
    }

    /// <summary>
    /// The cached documents, in file order, read from the records' headers only (a file of another format or hash width
    /// is deleted, a tail cut short by a crash cut off).
    /// </summary>
    public long[] Ids(int projectId, int bits)
    {
        var ids = new List<long>();
        Check(projectId, bits, ids);
        return [.. ids];
    }

    /// <summary>
    /// Reads every whole record in file order, one at a time, without holding the file in memory (a million long
    /// documents' term frequencies are over a gigabyte): the corpus's weighted rows are built from a few passes instead.
    /// Returns how many records there were.
    /// </summary>
    public int Scan(int projectId, int bits, RowVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var path = PathOf(projectId);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var length = stream.Length;
        Span<byte> header = stackalloc byte[12];
        if (length < 12 || stream.Read(header) != 12 || !Matches(header, bits))
        {
            return 0;
        }

        // Whole records only, read in one sequential pass: a torn tail ends the scan (Ids and Load cut it off).
        var indices = new int[1 << 12];
        var values = new float[1 << 12];
        var records = 0;
        while (stream.Position + 12 <= length)
        {
            stream.ReadExactly(header);
            var id = BinaryPrimitives.ReadInt64LittleEndian(header);
            var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (count < 0 || stream.Position + (8L * count) > length)
            {
                break;
            }

            if (count > indices.Length)
            {
                indices = new int[count];
                values = new float[count];
            }

            // Read as they lie: the file is little-endian (BinaryWriter), as every machine .NET runs on here.
            stream.ReadExactly(MemoryMarshal.AsBytes(indices.AsSpan(0, count)));
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan(0, count)));
            visitor(records++, id, indices.AsSpan(0, count), values.AsSpan(0, count));
        }

        return records;
    }

    private static bool Matches(ReadOnlySpan<byte> header, int bits) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic && BinaryPrimitives.ReadInt32LittleEndian(header[4..]) == Format
        && BinaryPrimitives.ReadInt32LittleEndian(header[8..]) == bits;

    /// <summary>
    /// The file's whole records, from their headers: how many and how many non-zeros (and their documents into
    /// <paramref name="ids"/> when given). A file of another format or hash width is deleted (the cache starts again); a
    /// tail cut short by a crash is cut off.
    /// </summary>
    private (int Records, long NonZeros) Check(int projectId, int bits, List<long>? ids = null)
    {
        var path = PathOf(projectId);
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        long complete;
        long length;
        var records = 0;
        var nonZeros = 0L;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            length = stream.Length;
            Span<byte> header = stackalloc byte[12];
            if (length < 12 || stream.Read(header) != 12 || !Matches(header, bits))
            {
                stream.Dispose();
                File.Delete(path);
                return (0, 0);
            }

            complete = 12;
            while (complete + 12 <= length)
            {
                stream.Position = complete;
                stream.ReadExactly(header);
                var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
                if (count < 0 || complete + 12 + (8L * count) > length)
                {
                    break;
                }

                ids?.Add(BinaryPrimitives.ReadInt64LittleEndian(header));
                nonZeros += count;
                records++;
                complete += 12 + (8L * count);
            }
        }

        if (complete < length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
        }

        return (records, nonZeros);
    }

    /// <summary>
    /// Appends documents' rows (one per id) and flushes them to disk; all or nothing: when writing fails (a full disk),
    /// the file is cut back to where it was, so a retry cannot store some documents twice.
    /// </summary>
    public void Append(int projectId, int bits, IReadOnlyList<long> ids, SparseMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        var path = PathOf(projectId);
        var before = File.Exists(path) ? new FileInfo(path).Length : 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
            Write(stream, bits, ids, rows);
        }
        catch (IOException)
        {
            CutBack(path, before);
            throw;
        }
    }

    private static void CutBack(string path, long length)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(length);
        }
        catch (IOException)
        {
            // Reads drop a torn tail anyway; this only keeps whole records of a failed append from being stored twice.
        }
    }

    private static void Write(FileStream stream, int bits, IReadOnlyList<long> ids, SparseMatrix rows)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        if (stream.Length == 0)
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(bits);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var rowIndices = rows.RowIndices(i);
            var rowValues = rows.RowValues(i);
            writer.Write(ids[i]);
            writer.Write(rowIndices.Length);
            foreach (var index in rowIndices)
            {
                writer.Write(index);
            }

            foreach (var value in rowValues)
            {
                writer.Write(value);
            }
        }

        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
