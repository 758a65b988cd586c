using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tagloop.Learning.Text;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Sentence embeddings from a BERT-style encoder exported to ONNX (for example sentence-transformers'
/// all-MiniLM-L6-v2): WordPiece ids in, last_hidden_state out, mean-pooled over the real tokens ([CLS] and [SEP]
/// included, padding excluded) and L2-normalised.
/// </summary>
/// <remarks>
/// Each call sorts its texts by token count and runs them in batches padded to the longest in the batch, so a text's
/// vector can differ in the last float bits depending on the texts it was batched with. Runs are sequential, one
/// inter-op thread, a fixed number of intra-op threads: the same call on the same machine gives the same floats.
/// </remarks>
public sealed class OnnxSentenceEncoder : IDisposable
{
    public const string ModelFileName = "model.onnx";
    public const string VocabularyFileName = "vocab.txt";
    public const int DefaultMaxSequenceLength = 128;

    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";
    private const string OutputName = "last_hidden_state";
    private static readonly string[] MaxLengthMetadataKeys = ["max_seq_length", "model_max_length", "max_position_embeddings"];

    private readonly SessionOptions sessionOptions;
    private readonly InferenceSession session;
    private readonly string[] inputNames;
    private readonly string[] outputNames = [OutputName];
    private readonly int batchSize;
    private readonly int? fixedBatchSize;
    private readonly int? fixedSequenceLength;
    private bool disposed;

    /// <summary>Loads <c>model.onnx</c> and <c>vocab.txt</c> from one directory.</summary>
    public OnnxSentenceEncoder(string modelDirectory, OnnxSentenceEncoderOptions? options = null)
        : this(Path.Combine(RequireDirectory(modelDirectory), ModelFileName), Path.Combine(modelDirectory, VocabularyFileName), options)
    {
    }

    public OnnxSentenceEncoder(string modelPath, string vocabPath, OnnxSentenceEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(vocabPath);
        options ??= new OnnxSentenceEncoderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        var threads = options.IntraOpNumThreads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options));
        if (options.MaxSequenceLength is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(requested, 2, nameof(options));
        }

        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model not found: {modelPath}", modelPath);
        }

        Tokenizer = WordPieceTokenizer.Load(vocabPath, options.Tokenizer);
        sessionOptions = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            IntraOpNumThreads = threads,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            try
            {
                session = new InferenceSession(modelPath, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"Could not load the ONNX model {modelPath}: {e.Message}", e);
            }

            inputNames = CheckInputs(session, modelPath);
            var ids = session.InputMetadata[InputIdsName];
            fixedBatchSize = ids.Dimensions[0] > 0 ? ids.Dimensions[0] : null;
            fixedSequenceLength = ids.Dimensions[1] > 0 ? ids.Dimensions[1] : null;
            batchSize = fixedBatchSize ?? options.BatchSize;
            var length = options.MaxSequenceLength ?? MetadataMaxLength(session) ?? fixedSequenceLength ?? DefaultMaxSequenceLength;
            MaxSequenceLength = Math.Min(length, fixedSequenceLength ?? int.MaxValue);
            Dimension = CheckOutput(session, modelPath);
            if (Dimension <= 0)
            {
                Dimension = ProbeDimension();
            }
        }
        catch
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Length of every embedding (the model's hidden size).</summary>
    public int Dimension { get; }

    /// <summary>Tokens per text, [CLS] and [SEP] included.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>The model inputs this encoder feeds (token_type_ids only when the model declares it).</summary>
    public IReadOnlyList<string> InputNames => inputNames;

    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>One unit-length embedding per text.</summary>
    public float[][] Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var flat = new float[texts.Count * Dimension];
        Encode(texts, flat);
        return [.. Enumerable.Range(0, texts.Count).Select(i => flat.AsSpan(i * Dimension, Dimension).ToArray())];
    }

    /// <summary>Writes one unit-length row per text into <paramref name="destination"/>, row-major [texts, Dimension].</summary>
    public void Encode(IReadOnlyList<string> texts, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var sequences = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            sequences[i] = Tokenizer.Encode(texts[i] ?? throw new ArgumentException($"text {i} is null", nameof(texts)), MaxSequenceLength);
        }

        Run(sequences, destination);
    }

    /// <summary>
    /// Writes one unit-length row per token-id sequence (already wrapped in [CLS] … [SEP], at most
    /// <see cref="MaxSequenceLength"/> long) into <paramref name="destination"/>, row-major [sequences, Dimension].
    /// </summary>
    public void EncodeTokenIds(IReadOnlyList<int[]> sequences, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            if (sequence is null || sequence.Length == 0 || sequence.Length > MaxSequenceLength)
            {
                throw new ArgumentException($"sequence {i} must hold 1 to {MaxSequenceLength} token ids", nameof(sequences));
            }

            if (sequence.Any(id => (uint)id >= (uint)Tokenizer.VocabularySize))
            {
                throw new ArgumentException($"sequence {i} holds a token id outside 0..{Tokenizer.VocabularySize - 1}", nameof(sequences));
            }
        }

        Run(sequences, destination);
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            session.Dispose();
            sessionOptions.Dispose();
        }
    }

    private void Run(IReadOnlyList<int[]> sequences, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var d = Dimension;
        if (destination.Length < sequences.Count * d)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {sequences.Count} rows of {d} need {sequences.Count * d}", nameof(destination));
        }

        // Shortest first (stable, so ties keep their order): each batch pads only to its own longest text.
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, order.Length - start);
            var batch = order.AsSpan(start, count);
            var rows = fixedBatchSize ?? count;
            var length = fixedSequenceLength ?? sequences[batch[^1]].Length;
            var hidden = RunBatch(sequences, batch, rows, length);
            for (var r = 0; r < count; r++)
            {
                var tokens = sequences[batch[r]].Length;
                var row = destination.Slice(batch[r] * d, d);
                row.Clear();
                for (var t = 0; t < tokens; t++)
                {
                    TensorPrimitives.Add(row, hidden.AsSpan(((r * length) + t) * d, d), row);
                }

                TensorPrimitives.Divide(row, tokens, row);
                var norm = TensorPrimitives.Norm(row);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(row, norm, row);
                }
            }
        }
    }

    /// <summary>Runs one padded batch and returns last_hidden_state as [rows, length, Dimension].</summary>
    private float[] RunBatch(IReadOnlyList<int[]> sequences, ReadOnlySpan<int> batch, int rows, int length)
    {
        var (values, shape) = RunModel(sequences, batch, rows, length);
        if (values.Length != (long)rows * length * Dimension)
        {
            throw new InvalidDataException($"{OutputName} has shape [{string.Join(", ", shape)}]; expected [{rows}, {length}, {Dimension}]");
        }

        return values;
    }

    /// <summary>Runs the model on <paramref name="rows"/> rows of <paramref name="length"/> ids, padded with [PAD] and mask 0.</summary>
    private (float[] Values, long[] Shape) RunModel(IReadOnlyList<int[]> sequences, ReadOnlySpan<int> batch, int rows, int length)
    {
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        Array.Fill(ids, Tokenizer.PadId);
        for (var r = 0; r < batch.Length; r++)
        {
            var sequence = sequences[batch[r]];
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[(r * length) + t] = sequence[t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [rows, length];
        var inputs = new List<OrtValue>(inputNames.Length);
        try
        {
            foreach (var name in inputNames)
            {
                var data = name switch
                {
                    InputIdsName => ids,
                    AttentionMaskName => mask,
                    _ => new long[rows * length],
                };
                inputs.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
            }

            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
            var output = outputs[0];
            return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>The hidden size of a model whose output declares it dynamic: one run of [CLS] [SEP].</summary>
    private int ProbeDimension()
    {
        int[][] probe = [[Tokenizer.ClassifierId, Tokenizer.SeparatorId]];
        var rows = fixedBatchSize ?? 1;
        var length = fixedSequenceLength ?? 2;
        var (values, _) = RunModel(probe, [0], rows, length);
        return values.Length / (rows * length);
    }

    private static string RequireDirectory(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        return Directory.Exists(modelDirectory)
            ? modelDirectory
            : throw new DirectoryNotFoundException($"ONNX model directory not found: {modelDirectory}");
    }

    /// <summary>The inputs to feed, in the model's order; refuses a model whose inputs this encoder cannot fill.</summary>
    private static string[] CheckInputs(InferenceSession session, string modelPath)
    {
        var declared = session.InputMetadata;
        var has = string.Join(", ", declared.Select(kv => $"{kv.Key} ({Describe(kv.Value)})"));
        foreach (var required in new[] { InputIdsName, AttentionMaskName })
        {
            if (!declared.ContainsKey(required))
            {
                throw new InvalidDataException($"The ONNX model {modelPath} has no input '{required}'; its inputs are: {has}");
            }
        }

        foreach (var (name, metadata) in declared)
        {
            if (name is not (InputIdsName or AttentionMaskName or TokenTypeIdsName))
            {
                throw new InvalidDataException(
                    $"The ONNX model {modelPath} has an input '{name}' this encoder cannot fill (it feeds {InputIdsName}, {AttentionMaskName}, {TokenTypeIdsName}); its inputs are: {has}");
            }

            if (!metadata.IsTensor || metadata.ElementDataType != TensorElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw new InvalidDataException($"The ONNX model {modelPath} declares input '{name}' as {Describe(metadata)}; expected int64 [batch, sequence]");
            }
        }

        return [.. session.InputNames];
    }

    /// <summary>The hidden size from the output's shape, or 0 when that axis is dynamic.</summary>
    private static int CheckOutput(InferenceSession session, string modelPath)
    {
        if (!session.OutputMetadata.TryGetValue(OutputName, out var output))
        {
            var has = string.Join(", ", session.OutputMetadata.Select(kv => $"{kv.Key} ({Describe(kv.Value)})"));
            throw new InvalidDataException($"The ONNX model {modelPath} has no output '{OutputName}'; its outputs are: {has}");
        }

        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 3)
        {
            throw new InvalidDataException($"The ONNX model {modelPath} declares output '{OutputName}' as {Describe(output)}; expected float [batch, sequence, hidden]");
        }

        return Math.Max(0, output.Dimensions[2]);
    }

    private static int? MetadataMaxLength(InferenceSession session)
    {
        var metadata = session.ModelMetadata;
        foreach (var key in MaxLengthMetadataKeys)
        {
            if (metadata.CustomMetadataMap.TryGetValue(key, out var text)
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && value is >= 2 and <= 1_000_000)
            {
                return value;
            }
        }

        return null;
    }

    private static string Describe(NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return metadata.OnnxValueType.ToString();
        }

        var axes = metadata.Dimensions.Select((size, i) => size > 0 ? size.ToString(CultureInfo.InvariantCulture)
            : string.IsNullOrEmpty(metadata.SymbolicDimensions[i]) ? "?" : metadata.SymbolicDimensions[i]);
        return $"{metadata.ElementDataType} [{string.Join(", ", axes)}]";
    }
}
