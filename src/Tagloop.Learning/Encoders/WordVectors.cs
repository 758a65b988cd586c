using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Pretrained word vectors in Tagloop's compact file: a header, the words (UTF-8, length-prefixed) and then the
/// vectors as contiguous little-endian float32 rows, memory-mapped so that opening costs little more than reading
/// the word list.
/// </summary>
public sealed class WordVectors : IDisposable
{
    private const uint Magic = 0x5647_4C54; // "TLGV"
    private const int Version = 1;

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly Dictionary<string, int> rows;
    private readonly string[] words;
    private readonly long vectorsOffset;

    private WordVectors(MemoryMappedFile file, MemoryMappedViewAccessor view, Dictionary<string, int> rows, string[] words, int dimension, long vectorsOffset)
    {
        this.file = file;
        this.view = view;
        this.rows = rows;
        this.words = words;
        Dimension = dimension;
        this.vectorsOffset = vectorsOffset;
    }

    public int Dimension { get; }

    public int Count => rows.Count;

    /// <summary>The number of rows in the file (a word repeated in the file has several rows; lookups find its first).</summary>
    public int Rows => words.Length;

    public static WordVectors Open(string path)
    {
        using (var header = new BinaryReader(File.OpenRead(path)))
        {
            if (header.BaseStream.Length < 16 || header.ReadUInt32() != Magic)
            {
                throw new InvalidDataException($"{path} is not a Tagloop word-vector file.");
            }
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        try
        {
            var version = view.ReadInt32(4);
            if (version != Version)
            {
                throw new InvalidDataException($"{path} has word-vector format {version}; this Tagloop reads format {Version}.");
            }

            var count = view.ReadInt32(8);
            var dimension = view.ReadInt32(12);
            var rows = new Dictionary<string, int>(count, StringComparer.Ordinal);
            var words = new string[count];
            long offset = 16;
            var buffer = new byte[256];
            for (var i = 0; i < count; i++)
            {
                var length = view.ReadUInt16(offset);
                if (length > buffer.Length)
                {
                    buffer = new byte[length];
                }

                view.ReadArray(offset + 2, buffer, 0, length);
                words[i] = Encoding.UTF8.GetString(buffer, 0, length);
                rows.TryAdd(words[i], i);
                offset += 2 + length;
            }

            var aligned = (offset + 3) & ~3L;
            return new WordVectors(file, view, rows, words, dimension, aligned);
        }
        catch
        {
            view.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes the compact file from words and their vectors (all of one length).</summary>
    public static void Write(string path, IReadOnlyList<string> words, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(vectors);
        var dimension = vectors.Count == 0 ? 0 : vectors[0].Length;
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(words.Count);
        writer.Write(dimension);
        foreach (var word in words)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            writer.Write((ushort)bytes.Length);
            writer.Write(bytes);
        }

        while (stream.Position % 4 != 0)
        {
            writer.Write((byte)0);
        }

        foreach (var vector in vectors)
        {
            if (vector.Length != dimension)
            {
                throw new ArgumentException("All vectors must have the same length.", nameof(vectors));
            }

            writer.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
    }

    /// <summary>Copies the vector of <paramref name="word"/> into <paramref name="destination"/>; false when the word is unknown.</summary>
    public bool TryCopy(string word, Span<float> destination)
    {
        if (!rows.TryGetValue(word, out var row))
        {
            return false;
        }

        // One block copy out of the mapped file (reading float by float was ten times slower).
        var position = view.PointerOffset + vectorsOffset + ((long)row * Dimension * sizeof(float));
        view.SafeMemoryMappedViewHandle.ReadSpan((ulong)position, destination[..Dimension]);
        return true;
    }

    /// <summary>The word of row <paramref name="row"/> (rows are in the file's order: GloVe's is by falling frequency).</summary>
    public string WordAt(int row) => (uint)row < (uint)words.Length ? words[row] : throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be below {words.Length}.");

    /// <summary>Copies row <paramref name="row"/>'s vector into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        if ((uint)row >= (uint)words.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be below {words.Length}.");
        }

        var position = view.PointerOffset + vectorsOffset + ((long)row * Dimension * sizeof(float));
        view.SafeMemoryMappedViewHandle.ReadSpan((ulong)position, destination[..Dimension]);
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }
}
