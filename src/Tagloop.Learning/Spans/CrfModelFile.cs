using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Saves and loads a <see cref="LinearChainCrf"/> whole and without loss — tags, token feature options (with the
/// gazetteer), every weight and how the optimiser ended — in Tagloop's versioned binary format (little-endian:
/// "TLCR", format, payload length, payload, FNV-1a 64 checksum of the payload). A file of another format, cut short
/// or damaged is refused with a message saying so. Token vectors are not copied into the file: it records their name
/// and dimension, and loading takes the vectors again and checks both. Word clusters are copied in whole. Format 2
/// added the word clusters and the document-features switch; format 1 files (without them) are still read.
/// </summary>
public static class CrfModelFile
{
    /// <summary>The format version this Tagloop writes (it reads this one and 1).</summary>
    public const int Format = 2;

    private const uint Magic = 0x52434C54; // "TLCR"
    private const int MaxArrayLength = 1 << 28;

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <param name="vectorsName">The name of the model's token vectors (e.g. "glove-100d"), checked when loading; required when the model has token vectors.</param>
    public static void Save(Stream stream, LinearChainCrf model, string? vectorsName = null) => Save(stream, model, vectorsName, Format);

    /// <summary>Writes <paramref name="model"/> in <paramref name="format"/> (1: the layout before word clusters, for tests of reading old files).</summary>
    internal static void Save(Stream stream, LinearChainCrf model, string? vectorsName, int format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (format == 1 && model?.Features.Options is { } o && (o.Clusters is not null || o.DocumentCase))
        {
            throw new ArgumentException("Format 1 cannot hold word clusters or document features.", nameof(format));
        }

        ArgumentNullException.ThrowIfNull(model);
        var options = model.Features.Options;
        if (options.Vectors is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(vectorsName);
        }

        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(model.Labels.Count);
            foreach (var label in model.Labels)
            {
                writer.Write(label);
            }

            writer.Write(options.HashBits);
            writer.Write(options.Window);
            writer.Write(options.Affixes);
            writer.Write(options.Bigrams);
            writer.Write(options.Gazetteer is not null);
            if (options.Gazetteer is { } gazetteer)
            {
                writer.Write(gazetteer.MaxLength);
                writer.Write(gazetteer.Count);
                foreach (var (key, types) in gazetteer.Entries)
                {
                    writer.Write(key);
                    writer.Write(types.Length);
                    Array.ForEach(types, writer.Write);
                }
            }

            writer.Write(options.Vectors is not null);
            if (options.Vectors is { } vectors)
            {
                writer.Write(vectorsName!);
                writer.Write(vectors.Dimension);
            }

            if (format >= 2)
            {
                writer.Write(options.DocumentCase);
                writer.Write(options.Clusters is not null);
            }

            if (options.Clusters is { } clusters)
            {
                writer.Write(options.ClusterWindow);
                clusters.Write(writer);
            }

            var buckets = new int[model.FeatureCount];
            foreach (var (bucket, row) in model.Rows)
            {
                buckets[row] = bucket;
            }

            Write(writer, buckets);
            Write(writer, model.State.AsSpan(0, model.FeatureCount * model.Labels.Count));
            Write(writer, model.Dense.AsSpan());
            Write(writer, model.Transitions);
            Write(writer, model.Start);
            Write(writer, model.End);
            writer.Write(model.Optimisation.Value);
            writer.Write(model.Optimisation.Iterations);
            writer.Write(model.Optimisation.Converged);
        }

        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        using var output = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(format);
        output.Write(bytes.Length);
        output.Write(bytes);
        output.Write(Checksum(bytes));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="vectors">The token vectors the model was trained with, when it was (checked against the file's dimension).</param>
    /// <param name="vectorsName">Their name, checked against the one saved when given.</param>
    /// <exception cref="InvalidDataException">The file is not a CRF model file, has another format, or is cut short or damaged.</exception>
    /// <exception cref="ArgumentException">The vectors given do not fit the file (missing, unexpected, another dimension or name).</exception>
    public static LinearChainCrf Load(Stream stream, ITokenVectors? vectors = null, string? vectorsName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        int format;
        using (var header = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
        {
            try
            {
                if (header.ReadUInt32() != Magic)
                {
                    throw new InvalidDataException("This is not a Tagloop span tagger (CRF) model file.");
                }

                format = header.ReadInt32();
                if (format is not (1 or Format))
                {
                    throw new InvalidDataException($"This CRF model file has format {format}; this Tagloop reads formats 1 and {Format}.");
                }

                var length = header.ReadInt32();
                if (length is < 0 or > 1 << 30 || (stream.CanSeek && length > stream.Length - stream.Position))
                {
                    throw new InvalidDataException($"The CRF model file says its content is {length} bytes, more than it holds: it is cut short or damaged.");
                }

                bytes = header.ReadBytes(length);
                if (bytes.Length != length)
                {
                    throw new EndOfStreamException();
                }

                if (header.ReadUInt64() != Checksum(bytes))
                {
                    throw new InvalidDataException("The CRF model file is damaged: its checksum does not match its content.");
                }
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("The CRF model file ends too early: it is cut short or damaged.", e);
            }
        }

        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        try
        {
            return Read(reader, format, vectors, vectorsName);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The CRF model file's content ends too early: it is damaged.", e);
        }
    }

    private static LinearChainCrf Read(BinaryReader reader, int format, ITokenVectors? vectors, string? vectorsName)
    {
        var labels = new string[Length(reader)];
        for (var l = 0; l < labels.Length; l++)
        {
            labels[l] = reader.ReadString();
        }

        try
        {
            var types = labels.Select(IobTags.TypeOf).OfType<string>().Distinct(StringComparer.Ordinal);
            if (!labels.AsSpan().SequenceEqual(IobTags.Labels(types)))
            {
                throw new InvalidDataException($"The CRF model file's tags ({string.Join(", ", labels)}) are not a tagger's tag set.");
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The CRF model file's tags are damaged: " + e.Message, e);
        }

        var L = labels.Length;
        var hashBits = reader.ReadInt32();
        var window = reader.ReadInt32();
        var affixes = reader.ReadBoolean();
        var bigrams = reader.ReadBoolean();
        Gazetteer? gazetteer = null;
        if (reader.ReadBoolean())
        {
            var maxLength = reader.ReadInt32();
            var entries = new KeyValuePair<string, string[]>[Length(reader)];
            for (var i = 0; i < entries.Length; i++)
            {
                var key = reader.ReadString();
                var types = new string[Length(reader)];
                for (var k = 0; k < types.Length; k++)
                {
                    types[k] = reader.ReadString();
                }

                entries[i] = new(key, types);
            }

            gazetteer = new Gazetteer(entries, maxLength);
        }

        ITokenVectors? used = null;
        var width = 0;
        if (reader.ReadBoolean())
        {
            var name = reader.ReadString();
            width = reader.ReadInt32();
            if (vectors is null)
            {
                throw new ArgumentException($"This tagger was trained with the {width}-dimensional token vectors '{name}': load it with them.", nameof(vectors));
            }

            if (vectors.Dimension != width)
            {
                throw new ArgumentException($"This tagger was trained with {width}-dimensional token vectors ('{name}'), not {vectors.Dimension}-dimensional ones.", nameof(vectors));
            }

            if (vectorsName is not null && !string.Equals(vectorsName, name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"This tagger was trained with the token vectors '{name}', not '{vectorsName}'.", nameof(vectorsName));
            }

            used = vectors;
        }
        else if (vectors is not null)
        {
            throw new ArgumentException("This tagger was trained without token vectors; load it without them.", nameof(vectors));
        }

        WordClusters? clusters = null;
        var clusterWindow = new TokenFeatureOptions().ClusterWindow;
        var documentCase = format >= 2 && reader.ReadBoolean();
        if (format >= 2 && reader.ReadBoolean())
        {
            clusterWindow = reader.ReadInt32();
            clusters = WordClusters.Read(reader);
        }

        TokenFeatures features;
        try
        {
            features = new TokenFeatures(new TokenFeatureOptions(hashBits, window, affixes, bigrams, gazetteer, used, clusters, clusterWindow, documentCase));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The CRF model file's feature options are damaged: " + e.Message, e);
        }

        var buckets = ReadInts(reader);
        var rows = new Dictionary<int, int>(buckets.Length);
        for (var row = 0; row < buckets.Length; row++)
        {
            if ((uint)buckets[row] >= (uint)features.Buckets || !rows.TryAdd(buckets[row], row))
            {
                throw new InvalidDataException($"The CRF model file's feature {buckets[row]} (row {row}) is outside its {features.Buckets} buckets or repeated: it is damaged.");
            }
        }

        var state = ReadFloats(reader);
        var dense = ReadFloats(reader);
        var transitions = ReadDoubles(reader);
        var start = ReadDoubles(reader);
        var end = ReadDoubles(reader);
        Check(state.Length, buckets.Length * L, "state weights");
        Check(dense.Length, width * L, "token-vector weights");
        Check(transitions.Length, L * L, "transition weights");
        Check(start.Length, L, "start weights");
        Check(end.Length, L, "end weights");
        if (!state.All(float.IsFinite) || !dense.All(float.IsFinite) || !transitions.Concat(start).Concat(end).All(double.IsFinite))
        {
            throw new InvalidDataException("The CRF model file holds weights that are not finite numbers: it is damaged.");
        }

        var optimisation = new LbfgsResult(reader.ReadDouble(), reader.ReadInt32(), reader.ReadBoolean());
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("The CRF model file has content after its last weight: it is damaged.");
        }

        return new LinearChainCrf(labels, features, rows.ToFrozenDictionary(), state, dense, transitions, start, end, optimisation);
    }

    private static void Check(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"The CRF model file has {actual} {what}, {expected} expected: it is damaged.");
        }
    }

    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    private static void Write<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    private static void Write<T>(BinaryWriter writer, T[] values)
        where T : unmanaged => Write(writer, (ReadOnlySpan<T>)values);

    private static int[] ReadInts(BinaryReader reader) => ReadArray<int>(reader);

    private static float[] ReadFloats(BinaryReader reader) => ReadArray<float>(reader);

    private static double[] ReadDoubles(BinaryReader reader) => ReadArray<double>(reader);

    // Lengths come from the file: bounded before anything is allocated.
    private static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var values = new T[Length(reader)];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static int Length(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length is >= 0 and <= MaxArrayLength && length <= reader.BaseStream.Length - reader.BaseStream.Position
            ? length
            : throw new InvalidDataException($"The CRF model file names a list of {length} values, more than it holds: it is damaged.");
    }
}
