using Microsoft.ML.OnnxRuntime;

namespace Tagloop.Bench;

/// <summary>
/// Runs a BERT-style ONNX model on token ids the way <c>OnnxSentenceEncoder</c> batches them (sorted by length, batches
/// of 32 padded to their longest, attention mask, token types 0), with a chosen graph optimisation level: a setting the
/// encoder fixes, measured here without changing it.
/// </summary>
internal static class ModelRuns
{
    private const int BatchSize = 32;

    /// <summary>
    /// For each level: median times of <paramref name="repeats"/> runs of every batch, and each batch's
    /// last_hidden_state. The levels take turns in every round, so that a busy moment on the machine is shared among them.
    /// </summary>
    public static List<(RunTiming Timing, List<float[]> Outputs)> Time(string modelPath, IReadOnlyList<GraphOptimizationLevel> levels, IReadOnlyList<int[]> sequences, int padId, int repeats)
    {
        var batches = Batches(sequences, padId);
        var options = new List<SessionOptions>();
        var sessions = new List<InferenceSession>();
        try
        {
            foreach (var level in levels)
            {
                var option = new SessionOptions
                {
                    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                    InterOpNumThreads = 1,
                    IntraOpNumThreads = 2,
                    GraphOptimizationLevel = level,
                    LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                };
                options.Add(option);
                option.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                sessions.Add(new InferenceSession(modelPath, option));
                Run(sessions[^1], batches[0], null); // warm-up
            }

            var outputs = levels.Select(_ => new List<float[]>()).ToList();
            var timings = levels.Select(_ => new List<RunTiming>()).ToList();
            for (var run = 0; run < repeats; run++)
            {
                for (var i = 0; i < levels.Count; i++)
                {
                    var keep = run == 0 ? outputs[i] : null;
                    timings[i].Add(RunTiming.Of(() =>
                    {
                        foreach (var batch in batches)
                        {
                            Run(sessions[i], batch, keep);
                        }
                    }));
                }
            }

            return [.. timings.Select((t, i) => (RunTiming.Median(t), outputs[i]))];
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
            options.ForEach(o => o.Dispose());
        }
    }

    private static List<(long[] Ids, long[] Mask, long[] Types, long[] Shape)> Batches(IReadOnlyList<int[]> sequences, int padId)
    {
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        var batches = new List<(long[] Ids, long[] Mask, long[] Types, long[] Shape)>();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start));
            var length = sequences[batch[^1]].Length;
            var ids = new long[batch.Length * length];
            var mask = new long[batch.Length * length];
            Array.Fill(ids, padId);
            for (var r = 0; r < batch.Length; r++)
            {
                var sequence = sequences[batch[r]];
                for (var t = 0; t < sequence.Length; t++)
                {
                    ids[(r * length) + t] = sequence[t];
                    mask[(r * length) + t] = 1;
                }
            }

            batches.Add((ids, mask, new long[ids.Length], [batch.Length, length]));
        }

        return batches;
    }

    private static void Run(InferenceSession session, (long[] Ids, long[] Mask, long[] Types, long[] Shape) batch, List<float[]>? outputs)
    {
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, batch.Shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.Mask, batch.Shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.Types, batch.Shape);
        using var runOptions = new RunOptions();
        using var result = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
        outputs?.Add(result[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
