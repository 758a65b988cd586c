using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>
/// A project's dense document vectors (sentence embeddings) for one encoder, in a file beside the database
/// (<c>embeddings/project-{id}.{encoder}.i8</c>): a header, then one record per document — its id, a scale and the
/// vector scalar-quantised to one signed byte per dimension (value = byte × scale, the scale being the largest
/// magnitude over 127: 396 bytes for MiniLM's 384 dimensions, a million documents in 396 MB) — appended as documents
/// are encoded and read back memory-mapped, never held as managed arrays. An append that fails is cut back; a tail cut
/// short by a crash is dropped when the file is next opened. Recomputable: deleting the file only costs encoding
/// again. A file of the earlier half-precision format (<c>.f16</c>) is converted once, when the store first meets it.
/// Appends and opens of one store take turns, so a reader never mistakes an append under way for a torn tail.
/// </summary>
public sealed class EmbeddingStore(string directory)
{
    private readonly Lock gate = new();

    // Projects deleted while this process runs: an encoding still under way for one of them writes nothing more.
    private readonly HashSet<int> removed = [];

    // Documents deleted while this process runs, per project: a chunk encoded before their deletion is appended without them.
    private readonly Dictionary<int, HashSet<long>> removedDocuments = [];

    private const uint Magic = 0x5645_4C54; // "TLEV"
    private const int Format = 2;
    private const int HalfFormat = 1;
    private const int HeaderBytes = 16;

    public string PathOf(int projectId, string encoder) => Path.Combine(directory, $"project-{projectId}.{Safe(encoder)}.i8");

    private string HalfPathOf(int projectId, string encoder) => Path.Combine(directory, $"project-{projectId}.{Safe(encoder)}.f16");

    /// <summary>Appends the vectors of <paramref name="ids"/> (rows × <paramref name="dimension"/>) and flushes them to disk; all or nothing.</summary>
    public void Append(int projectId, string encoder, IReadOnlyList<long> ids, ReadOnlySpan<float> rows, int dimension)
    {
        lock (gate)
        {
            if (removed.Contains(projectId))
            {
                return;
            }

            if (removedDocuments.TryGetValue(projectId, out var gone) && ids.Any(gone.Contains))
            {
                var keep = Enumerable.Range(0, ids.Count).Where(i => !gone.Contains(ids[i])).ToList();
                var kept = new float[keep.Count * dimension];
                for (var k = 0; k < keep.Count; k++)
                {
                    rows.Slice(keep[k] * dimension, dimension).CopyTo(kept.AsSpan(k * dimension));
                }

                if (keep.Count > 0)
                {
                    AppendLocked(projectId, encoder, [.. keep.Select(i => ids[i])], kept, dimension);
                }

                return;
            }

            AppendLocked(projectId, encoder, ids, rows, dimension);
        }
    }

    private void AppendLocked(int projectId, string encoder, IReadOnlyList<long> ids, ReadOnlySpan<float> rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ConvertHalfFile(projectId, encoder, dimension);
        if (rows.Length != ids.Count * dimension)
        {
            throw new ArgumentException($"{ids.Count} ids need {ids.Count * dimension} values; got {rows.Length}.", nameof(rows));
        }

        Directory.CreateDirectory(directory);
        var path = PathOf(projectId, encoder);
        var before = File.Exists(path) ? new FileInfo(path).Length : 0;
        var record = RecordBytes(dimension);
        var buffer = new byte[(before == 0 ? HeaderBytes : 0) + (ids.Count * record)];
        var at = 0;
        if (before == 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), Format);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), dimension);
            at = HeaderBytes;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            WriteRecord(buffer.AsSpan(at, record), ids[i], rows.Slice(i * dimension, dimension));
            at += record;
        }

        Write(path, before, buffer);
    }

    /// <summary>One record: the id, the scale, the quantised values (rounded to the nearest step).</summary>
    private static void WriteRecord(Span<byte> destination, long id, ReadOnlySpan<float> vector)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, id);
        if (!TensorPrimitives.IsFiniteAll(vector))
        {
            throw new ArgumentException($"Document {id}'s vector holds a value that is not a finite number.", nameof(vector));
        }

        var scale = QuantisedRows.Quantise(vector, MemoryMarshal.Cast<byte, sbyte>(destination[12..]));
        BinaryPrimitives.WriteSingleLittleEndian(destination[8..], scale);
    }

    /// <summary>
    /// Converts a file of the half-precision format (records of an id and 2-byte values) into this format, once: written
    /// beside it under a temporary name, flushed, renamed over, and only then is the old file deleted, so a crash at any
    /// point leaves one whole file or the other. A file of another dimension or a damaged header is deleted (recomputable).
    /// </summary>
    private void ConvertHalfFile(int projectId, string encoder, int dimension)
    {
        var old = HalfPathOf(projectId, encoder);
        if (!File.Exists(old))
        {
            return;
        }

        var path = PathOf(projectId, encoder);
        if (File.Exists(path))
        {
            File.Delete(old);
            return;
        }

        using (var input = new FileStream(old, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (input.Read(header) == HeaderBytes && BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic
                && BinaryPrimitives.ReadInt32LittleEndian(header[4..]) == HalfFormat && BinaryPrimitives.ReadInt32LittleEndian(header[8..]) == dimension)
            {
                var temporary = path + ".converting";
                using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    BinaryPrimitives.WriteInt32LittleEndian(header[4..], Format);
                    output.Write(header);
                    var halfRecord = new byte[8 + (2 * dimension)];
                    var record = new byte[RecordBytes(dimension)];
                    var vector = new float[dimension];
                    while (input.ReadAtLeast(halfRecord, halfRecord.Length, throwOnEndOfStream: false) == halfRecord.Length)
                    {
                        for (var j = 0; j < dimension; j++)
                        {
                            vector[j] = (float)BinaryPrimitives.ReadHalfLittleEndian(halfRecord.AsSpan(8 + (2 * j)));
                        }

                        WriteRecord(record, BinaryPrimitives.ReadInt64LittleEndian(halfRecord), vector);
                        output.Write(record);
                    }

                    output.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
            }
        }

        File.Delete(old);
    }

    private static void Write(string path, long before, byte[] buffer)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(buffer);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(before);
            }
            catch (IOException)
            {
                // Opening drops a torn tail anyway.
            }

            throw;
        }
    }

    /// <summary>The project's vectors for the encoder, memory-mapped; null when there are none (or only another format or dimension, which is deleted).</summary>
    public EmbeddingView? Open(int projectId, string encoder, int dimension)
    {
        lock (gate)
        {
            ConvertHalfFile(projectId, encoder, dimension);
            return OpenLocked(projectId, encoder, dimension);
        }
    }

    /// <summary>How many documents have vectors for the encoder, from the file's length (no map).</summary>
    public int Count(int projectId, string encoder, int dimension)
    {
        lock (gate)
        {
            ConvertHalfFile(projectId, encoder, dimension);
            var path = PathOf(projectId, encoder);
            return File.Exists(path) ? (int)Math.Max(0, (new FileInfo(path).Length - HeaderBytes) / RecordBytes(dimension)) : 0;
        }
    }

    private EmbeddingView? OpenLocked(int projectId, string encoder, int dimension)
    {
        var path = PathOf(projectId, encoder);
        if (!File.Exists(path))
        {
            return null;
        }

        var record = RecordBytes(dimension);
        var length = new FileInfo(path).Length;
        bool usable;
        using (var header = File.OpenRead(path))
        {
            Span<byte> bytes = stackalloc byte[HeaderBytes];
            usable = header.Read(bytes) == HeaderBytes
                && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == Magic
                && BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) == Format
                && BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) == dimension;
        }

        if (!usable)
        {
            File.Delete(path);
            return null;
        }

        var complete = HeaderBytes + ((length - HeaderBytes) / record * record);
        if (complete < length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
        }

        return complete == HeaderBytes ? null : EmbeddingView.Map(path, HeaderBytes, dimension, (int)((complete - HeaderBytes) / record));
    }

    public void Delete(int projectId, string encoder)
    {
        lock (gate)
        {
            foreach (var path in new[] { PathOf(projectId, encoder), HalfPathOf(projectId, encoder) })
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
        }
    }

    /// <summary>
    /// Deletes every vector file of a deleted project (whatever its encoders were) and refuses its appends from now on,
    /// so that an encoding under way when the project went leaves nothing behind.
    /// </summary>
    public void DeleteProject(int projectId)
    {
        lock (gate)
        {
            removed.Add(projectId);
            ProjectFiles.Delete(directory, projectId);
        }
    }

    /// <summary>Drops deleted documents' vectors from every file of the project (whatever its encoders), under the store's lock.</summary>
    public void Remove(int projectId, IReadOnlySet<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (gate)
        {
            if (!removedDocuments.TryGetValue(projectId, out var gone))
            {
                gone = [];
                removedDocuments[projectId] = gone;
            }

            gone.UnionWith(ids);
            if (!Directory.Exists(directory))
            {
                return;
            }

            foreach (var path in Directory.EnumerateFiles(directory, $"project-{projectId}.*.i8").ToList())
            {
                ProjectFiles.Rewrite(path, (input, output) =>
                {
                    Span<byte> header = stackalloc byte[HeaderBytes];
                    if (input.Read(header) != HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic
                        || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Format
                        || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) is < 1 or > 1 << 16)
                    {
                        return false;
                    }

                    output.Write(header);
                    var record = new byte[RecordBytes(BinaryPrimitives.ReadInt32LittleEndian(header[8..]))];
                    var dropped = false;
                    while (input.ReadAtLeast(record, record.Length, throwOnEndOfStream: false) == record.Length)
                    {
                        if (ids.Contains(BinaryPrimitives.ReadInt64LittleEndian(record)))
                        {
                            dropped = true;
                        }
                        else
                        {
                            output.Write(record);
                        }
                    }

                    return dropped;
                });
            }
        }
    }

    internal static int RecordBytes(int dimension) => 12 + dimension;

    private static string Safe(string encoder)
    {
        var builder = new StringBuilder(encoder.Length);
        foreach (var c in encoder)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
        }

        return builder.ToString();
    }
}
