using System.Text;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Serialization;

/// <summary>
/// Saves and loads a trained model whole — label names, the fitted encoder and the classifier with its posterior and
/// calibration — in Tagloop's own versioned binary format (little-endian: "TLMD", format, kind, …). A file of another
/// format version or kind is refused with a message naming it. The encoder is recorded by name with its TF-IDF
/// weights; a dense encoder's weights (MiniLM's, say) are not copied into every model file: loading one takes
/// <see cref="TextEncoderResources"/> that say where to find them.
/// </summary>
public static class ModelFile
{
    public const int Format = 2;

    private const int MaxArrayLength = 1 << 28;
    private const uint Magic = 0x444D4C54; // "TLMD"

    public static void Save(Stream stream, SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(model);
        var (name, tfidf, dense) = model.Encoder switch
        {
            HashedTfidfEncoder alone => (alone.Name, alone, (IDenseTextEncoder?)null),
            JoinedTextEncoder joined => (joined.Name, joined.Sparse, joined.Dense),
            _ => throw new NotSupportedException($"A model on the {model.Encoder.Name} encoder cannot be saved."),
        };
        if (dense is not null && TextEncoderCatalog.Parts(name).Dense == "glove-sif")
        {
            throw new NotSupportedException("A model on the glove-sif encoder cannot be saved: its fit on the corpus is not kept.");
        }

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Format);
        writer.Write(model.Model.MultiLabel ? (byte)1 : (byte)0);
        writer.Write(model.Classes.Count);
        foreach (var className in model.Classes)
        {
            writer.Write(className);
        }

        writer.Write(name);
        writer.Write(tfidf is not null);
        if (tfidf is not null)
        {
            writer.Write(tfidf.Bits);
            var idf = tfidf.Idf;
            var set = 0;
            foreach (var value in idf)
            {
                set += value != 0 ? 1 : 0;
            }

            writer.Write(set);
            for (var j = 0; j < idf.Length; j++)
            {
                if (idf[j] != 0)
                {
                    writer.Write(j);
                    writer.Write(idf[j]);
                }
            }
        }

        IReadOnlyList<BayesianSoftmaxRegression> parts = model.Model switch
        {
            BayesianSoftmaxRegression single => [single],
            BayesianMultiLabelRegression multi => multi.Labels,
            _ => throw new NotSupportedException($"A {model.Model.GetType().Name} cannot be saved."),
        };
        writer.Write(parts.Count);
        foreach (var part in parts)
        {
            Write(writer, part.Weights);
        }
    }

    /// <param name="resources">Where a dense encoder's files are (MiniLM's cache folder); needed only for models that use one.</param>
    public static SavedModel Load(Stream stream, TextEncoderResources? resources = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("This is not a Tagloop model file.");
            }

            var format = reader.ReadInt32();
            if (format != Format)
            {
                throw new InvalidDataException($"This model file has format {format}; this Tagloop reads format {Format}.");
            }

            var kind = reader.ReadByte();
            if (kind > 1)
            {
                throw new InvalidDataException($"Unknown model kind {kind} in the model file.");
            }

            var classes = new string[reader.ReadInt32()];
            for (var c = 0; c < classes.Length; c++)
            {
                classes[c] = reader.ReadString();
            }

            var encoderName = TextEncoderCatalog.Normalise(reader.ReadString())
                ?? throw new InvalidDataException("The model file names an encoder this Tagloop does not know.");
            HashedTfidfEncoder? tfidf = null;
            if (reader.ReadBoolean())
            {
                var bits = reader.ReadInt32();
                if (bits is < 8 or > 24)
                {
                    throw new InvalidDataException($"The model file's encoder has {bits} hash bits (8 to 24 expected).");
                }

                var idf = new float[1 << bits];
                var set = reader.ReadInt32();
                for (var k = 0; k < set; k++)
                {
                    var index = reader.ReadInt32();
                    if ((uint)index >= (uint)idf.Length)
                    {
                        throw new InvalidDataException($"The model file's encoder names feature {index}, outside its {idf.Length}.");
                    }

                    idf[index] = reader.ReadSingle();
                }

                tfidf = HashedTfidfEncoder.FromIdf(bits, idf);
            }

            var parts = new BayesianSoftmaxRegression[reader.ReadInt32()];
            for (var p = 0; p < parts.Length; p++)
            {
                parts[p] = BayesianSoftmaxRegression.FromWeights(Read(reader));
            }

            ILabelModel model = kind == 1 ? BayesianMultiLabelRegression.FromLabels(parts) : parts.Single();
            if (model.Classes != classes.Length)
            {
                throw new InvalidDataException($"The model file names {classes.Length} labels but its model has {model.Classes}.");
            }

            var denseName = TextEncoderCatalog.Parts(encoderName).Dense;
            if (denseName is not null && resources is null)
            {
                throw new InvalidDataException($"This model encodes with {encoderName}: load it with TextEncoderResources saying where the {denseName} model is (for minilm, a cache folder such as a data folder's models/minilm).");
            }

            ITextEncoder encoder = denseName is null
                ? tfidf ?? throw new InvalidDataException("The model file has no encoder weights.")
                : new JoinedTextEncoder(encoderName, tfidf, TextEncoderCatalog.OpenDense(denseName, resources!), ownsDense: true);
            return new SavedModel(classes, encoder, model);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The model file ends too early: it is cut short or damaged.", e);
        }
    }

    private static void Write(BinaryWriter writer, SoftmaxWeights weights)
    {
        writer.Write(weights.FormatVersion);
        writer.Write(weights.Classes);
        WriteInts(writer, weights.Features);
        WriteFloats(writer, weights.SparseMean);
        WriteFloats(writer, weights.BiasMean);
        WriteFloats(writer, weights.BiasVariance);
        writer.Write(weights.DenseDimension);
        WriteFloats(writer, weights.DenseMean);
        WriteFloats(writer, weights.DenseCenter);
        writer.Write(weights.Rank);
        WriteInts(writer, weights.PivotStarts);
        WriteInts(writer, weights.PivotIndices);
        WriteFloats(writer, weights.PivotValues);
        WriteFloats(writer, weights.PivotDense);
        WriteFloats(writer, weights.PivotFactor);
        writer.Write(weights.PivotKeys.Length);
        Array.ForEach(weights.PivotKeys, writer.Write);
        WriteFloats(writer, weights.PrecisionFactor);
        WriteFloats(writer, weights.SharedBasis);
        WriteFloats(writer, weights.SharedCurvature);
        writer.Write(weights.SparsePrecision);
        writer.Write(weights.DensePrecision);
        writer.Write(weights.BiasPrecision);
        writer.Write(weights.Temperature);
        writer.Write(weights.VarianceScale);
    }

    private static SoftmaxWeights Read(BinaryReader reader)
    {
        var format = reader.ReadInt32();
        if (format != SoftmaxWeights.CurrentFormat)
        {
            throw new InvalidDataException($"The model file's weights have format {format}; this Tagloop reads format {SoftmaxWeights.CurrentFormat}.");
        }

        var weights = new SoftmaxWeights
        {
            Classes = reader.ReadInt32(),
            Features = ReadInts(reader),
            SparseMean = ReadFloats(reader),
            BiasMean = ReadFloats(reader),
            BiasVariance = ReadFloats(reader),
            DenseDimension = reader.ReadInt32(),
            DenseMean = ReadFloats(reader),
            DenseCenter = ReadFloats(reader),
            Rank = reader.ReadInt32(),
            PivotStarts = ReadInts(reader),
            PivotIndices = ReadInts(reader),
            PivotValues = ReadFloats(reader),
            PivotDense = ReadFloats(reader),
            PivotFactor = ReadFloats(reader),
            PivotKeys = ReadLongs(reader),
            PrecisionFactor = ReadFloats(reader),
            SharedBasis = ReadFloats(reader),
            SharedCurvature = ReadFloats(reader),
            SparsePrecision = reader.ReadDouble(),
            DensePrecision = reader.ReadDouble(),
            BiasPrecision = reader.ReadDouble(),
            Temperature = reader.ReadSingle(),
            VarianceScale = reader.ReadSingle(),
        };
        try
        {
            weights.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The model file's weights are damaged: " + e.Message, e);
        }

        return weights;
    }

    private static void WriteInts(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    // Lengths come from the file: bounded before anything is allocated, so a damaged file cannot ask for gigabytes.
    private static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[Length(reader)];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static long[] ReadLongs(BinaryReader reader)
    {
        var values = new long[Length(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }

        return values;
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[Length(reader)];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static int Length(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length is >= 0 and <= MaxArrayLength
            ? length
            : throw new InvalidDataException($"The model file names an array of {length} values; it is damaged.");
    }
}
