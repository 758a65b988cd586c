using System.Buffers.Binary;
using System.Text;

namespace Tagloop.Core.Training;

/// <summary>
/// A project's dense document vectors (sentence embeddings) for one encoder, in a file beside the database
/// (<c>embeddings/project-{id}.{encoder}.f16</c>): a header, then one record per document — its id and the vector in
/// half precision — appended as documents are encoded and read back memory-mapped, never held as managed arrays. An
/// append that fails is cut back; a tail cut short by a crash is dropped when the file is next opened. Recomputable:
/// deleting the file only costs encoding again. Appends and opens of one store take turns, so a reader never mistakes
/// an append under way for a torn tail.
/// </summary>
public sealed class EmbeddingStore(string directory)
{
    private readonly Lock gate = new();

    private const uint Magic = 0x5645_4C54; // "TLEV"
    private const int Format = 1;
    private const int HeaderBytes = 16;

    public string PathOf(int projectId, string encoder) => Path.Combine(directory, $"project-{projectId}.{Safe(encoder)}.f16");

    /// <summary>Appends the vectors of <paramref name="ids"/> (rows × <paramref name="dimension"/>) and flushes them to disk; all or nothing.</summary>
    public void Append(int projectId, string encoder, IReadOnlyList<long> ids, ReadOnlySpan<float> rows, int dimension)
    {
        lock (gate)
        {
            AppendLocked(projectId, encoder, ids, rows, dimension);
        }
    }

    private void AppendLocked(int projectId, string encoder, IReadOnlyList<long> ids, ReadOnlySpan<float> rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(ids);
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
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(at), ids[i]);
            at += 8;
            for (var j = 0; j < dimension; j++)
            {
                BinaryPrimitives.WriteHalfLittleEndian(buffer.AsSpan(at), (Half)rows[(i * dimension) + j]);
                at += 2;
            }
        }

        Write(path, before, buffer);
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
            return OpenLocked(projectId, encoder, dimension);
        }
    }

    /// <summary>How many documents have vectors for the encoder, from the file's length (no map).</summary>
    public int Count(int projectId, string encoder, int dimension)
    {
        lock (gate)
        {
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
            var path = PathOf(projectId, encoder);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    internal static int RecordBytes(int dimension) => 8 + (2 * dimension);

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
