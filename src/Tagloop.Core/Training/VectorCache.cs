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

    /// <summary>The cached documents and their rows, in file order; empty when there is no usable file.</summary>
    public (long[] Ids, SparseMatrix Rows) Load(int projectId, int bits)
    {
        var path = PathOf(projectId);
        if (!File.Exists(path))
        {
            return ([], new SparseMatrix(1 << bits, [0], [], []));
        }

        var ids = new List<long>();
        var starts = new List<int> { 0 };
        int[] indices;
        float[] values;
        var at = 0;
        long complete;
        using (var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 16), Encoding.UTF8))
        {
            var length = reader.BaseStream.Length;
            if (length < 12 || reader.ReadUInt32() != Magic || reader.ReadInt32() != Format || reader.ReadInt32() != bits)
            {
                // Another format or hash width: start again.
                reader.Dispose();
                File.Delete(path);
                return ([], new SparseMatrix(1 << bits, [0], [], []));
            }

            // Two passes: the rows' headers first, for the exact number of non-zeros, so the arrays are sized once (a
            // million long documents hold tens of millions of them; growing lists would briefly need twice that and
            // then a copy).
            complete = 12;
            var nonZeros = 0L;
            var rows = 0;
            while (complete + 12 <= length)
            {
                reader.BaseStream.Position = complete;
                reader.ReadInt64();
                var count = reader.ReadInt32();
                if (count < 0 || complete + 12 + (8L * count) > length)
                {
                    break;
                }

                nonZeros += count;
                rows++;
                complete += 12 + (8L * count);
            }

            if (nonZeros > int.MaxValue - 64)
            {
                throw new InvalidDataException($"The term-frequency cache {path} holds {nonZeros:N0} non-zeros, more than one array can.");
            }

            indices = new int[nonZeros];
            values = new float[nonZeros];
            reader.BaseStream.Position = 12;
            for (var row = 0; row < rows; row++)
            {
                var id = reader.ReadInt64();
                var count = reader.ReadInt32();
                for (var k = 0; k < count; k++)
                {
                    indices[at + k] = reader.ReadInt32();
                }

                for (var k = 0; k < count; k++)
                {
                    values[at + k] = reader.ReadSingle();
                }

                at += count;
                ids.Add(id);
                starts.Add(at);
            }
        }

        if (complete < new FileInfo(path).Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
        }

        return ([.. ids], new SparseMatrix(1 << bits, [.. starts], indices, values));
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
            // Load drops a torn tail anyway; this only keeps whole records of a failed append from being stored twice.
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
