using System.Collections.Frozen;
using System.Numerics.Tensors;
using Tagloop.Learning.Optimization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Fits a <see cref="LinearChainCrf"/> by minimising the L2-regularised negative log-likelihood of fully or partially
/// labelled sentences with L-BFGS. A partial labelling's likelihood is the mass of the legal paths its masks allow over
/// Z (constrained forward–backward). Deterministic: sentences are split into fixed blocks whose sums are added in order.
/// </summary>
public static class CrfTrainer
{
    /// <summary>
    /// Trains a tagger on <paramref name="examples"/>. With <paramref name="warmStart"/>, optimisation starts from that
    /// model's weights (matched by hashed feature and tag name), so a refit after a few new answers takes few iterations.
    /// </summary>
    public static LinearChainCrf Train(IReadOnlyList<CrfExample> examples, CrfOptions? options = null, LinearChainCrf? warmStart = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new CrfOptions();
        options.Validate();
        var features = new TokenFeatures(options.Features);
        var labels = IobTags.Labels(TypesOf(examples, options, warmStart));
        var L = labels.Length;

        var used = Used(examples);
        var extracted = new SentenceFeatures[used.Count];
        Parallel.For(0, used.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => extracted[i] = features.Extract(used[i].Tokens, used[i].Document, used[i].Gazetteer));

        // Only the buckets the data touches get weights, numbered in order of first appearance (deterministic). The
        // numbering and each sentence's features are kept with the model for quick updates.
        var cache = new CrfFeatureCache(features.Options);
        var sentences = new CrfObjective.Sentence[used.Count];
        var fitted = new Dictionary<ulong, CrfFeatureCache.Entry>(used.Count);
        for (var i = 0; i < used.Count; i++)
        {
            var entry = cache.Add(used[i].Tokens, extracted[i]);
            var mask = Mask(used[i], labels, i);
            sentences[i] = new CrfObjective.Sentence(entry.Ids, entry.Starts, entry.Dense, mask, used[i].Weight);
            fitted.TryAdd(Fingerprint(used[i].Tokens, mask, used[i].Weight), entry);
        }

        var local = cache.Rows;
        var problem = new CrfObjective(sentences, labels, local.Count, features.DenseWidth, options.Variance, cancellationToken);
        problem.CheckConsistent();
        var x = new double[problem.Parameters];
        if (warmStart is not null)
        {
            problem.WarmStart(x, warmStart, local);
        }

        var result = Lbfgs.Minimize(problem.Evaluate, x, options.Memory, options.MaxIterations, options.GradientTolerance);
        return problem.ToModel(x, features, local.ToFrozenDictionary(), result, cache, fitted);
    }

    /// <summary>
    /// The quick update a project runs after each answer, off the request path. Block coordinate descent from
    /// <paramref name="previous"/>'s weights: the weight rows of the features of the new or changed examples (those
    /// <paramref name="previous"/> was not fitted on, and those it was fitted on that are gone), rarest first, as many
    /// as keep the sentences that use them within <see cref="CrfOptions.UpdateSentences"/>, are refitted by at most
    /// <see cref="CrfOptions.UpdateIterations"/> L-BFGS iterations of the exact training loss, every other weight
    /// (common features, word-vector weights, transitions) held. Only the new sentences' features are extracted; the
    /// others are kept from the previous fits. The result is close to, not equal to, a full <see cref="Train"/>: refit
    /// fully now and then (e.g. every few dozen answers, or when idle) and keep updating from the refitted model.
    /// Falls back to a warm-started <see cref="Train"/> (slow) when <paramref name="previous"/> cannot be updated: the
    /// examples bring an entity type it lacks, <paramref name="options"/>' features are not the ones it was trained
    /// with (compared by value; a gazetteer or token vectors by reference), or it was loaded from a model file (which
    /// keeps no training sentences). Updates of one chain of models run one at a time.
    /// </summary>
    /// <param name="previous">The current model, from <see cref="Train"/> or a previous Update.</param>
    /// <param name="examples">All labelled examples (not only the new ones), in any order.</param>
    /// <param name="options">The options <paramref name="previous"/> was trained with.</param>
    /// <param name="cancellationToken">Stops the update between passes.</param>
    /// <returns>The updated model (<paramref name="previous"/> itself when no example changed).</returns>
    public static LinearChainCrf Update(LinearChainCrf previous, IReadOnlyList<CrfExample> examples, CrfOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new CrfOptions();
        options.Validate();
        var featureOptions = options.Features ?? new TokenFeatureOptions();
        var labels = IobTags.Labels(TypesOf(examples, options, previous));
        if (previous.Cache is not { } cache || previous.Fitted is not { } fittedBefore
            || !labels.AsSpan().SequenceEqual([.. previous.Labels]) || !Equals(featureOptions, previous.Features.Options))
        {
            return Train(examples, options, previous, cancellationToken);
        }

        var features = previous.Features;
        var L = labels.Length;
        var used = Used(examples);
        var entries = new CrfFeatureCache.Entry[used.Count];
        IReadOnlyDictionary<int, int> rows;
        int rowCount;
        lock (cache.Gate)
        {
            var missing = new List<int>();
            for (var i = 0; i < used.Count; i++)
            {
                if (cache.TryGet(used[i].Tokens, out var entry))
                {
                    entries[i] = entry;
                }
                else
                {
                    missing.Add(i);
                }
            }

            var extracted = new SentenceFeatures[missing.Count];
            Parallel.For(0, missing.Count, new ParallelOptions { CancellationToken = cancellationToken }, k => extracted[k] = features.Extract(used[missing[k]].Tokens, used[missing[k]].Document, used[missing[k]].Gazetteer));
            for (var k = 0; k < missing.Count; k++)
            {
                entries[missing[k]] = cache.Add(used[missing[k]].Tokens, extracted[k]);
            }

            rowCount = cache.Rows.Count;
            rows = rowCount == previous.FeatureCount ? previous.Rows : new Dictionary<int, int>(cache.Rows);
        }

        // Which examples are new or changed, which are gone.
        var sentences = new CrfObjective.Sentence[used.Count];
        var fitted = new Dictionary<ulong, CrfFeatureCache.Entry>(used.Count);
        var candidate = new bool[rowCount];
        var changed = new List<int>();
        for (var i = 0; i < used.Count; i++)
        {
            var mask = Mask(used[i], labels, i);
            sentences[i] = new CrfObjective.Sentence(entries[i].Ids, entries[i].Starts, entries[i].Dense, mask, used[i].Weight);
            var key = Fingerprint(used[i].Tokens, mask, used[i].Weight);
            fitted.TryAdd(key, entries[i]);
            if (!fittedBefore.ContainsKey(key))
            {
                changed.Add(i);
                MarkRows(entries[i], candidate);
            }
        }

        var gone = 0;
        foreach (var (key, entry) in fittedBefore)
        {
            if (!fitted.ContainsKey(key))
            {
                gone++;
                MarkRows(entry, candidate);
            }
        }

        if (changed.Count == 0 && gone == 0)
        {
            return previous;
        }

        new CrfObjective([.. changed.Select(i => sentences[i])], labels, 0, 0, options.Variance, cancellationToken).CheckConsistent(changed);

        // The sentences each candidate row appears in; rows taken rarest first while the sentences stay within budget.
        var users = new Dictionary<int, List<int>>();
        for (var i = 0; i < sentences.Length; i++)
        {
            foreach (var row in sentences[i].Ids)
            {
                if (candidate[row])
                {
                    if (!users.TryGetValue(row, out var list))
                    {
                        users[row] = list = [];
                    }

                    if (list.Count == 0 || list[^1] != i)
                    {
                        list.Add(i);
                    }
                }
            }
        }

        var blockIndex = new int[rowCount];
        Array.Fill(blockIndex, -1);
        var block = new List<int>();
        var chosen = new bool[sentences.Length];
        var chosenCount = 0;
        foreach (var (row, list) in users.OrderBy(p => p.Value.Count).ThenBy(p => p.Key))
        {
            var added = 0;
            foreach (var i in list)
            {
                added += chosen[i] ? 0 : 1;
            }

            if (chosenCount + added > options.UpdateSentences)
            {
                continue;
            }

            foreach (var i in list)
            {
                chosenCount += chosen[i] ? 0 : 1;
                chosen[i] = true;
            }

            blockIndex[row] = block.Count;
            block.Add(row);
        }

        var state = new float[rowCount * L];
        previous.State.AsSpan().CopyTo(state);
        var result = new LbfgsResult(0, 0, Converged: true);
        if (block.Count > 0)
        {
            var frozen = new double[rowCount * L];
            TensorPrimitives.ConvertChecked<float, double>(state, frozen);
            var selected = new List<CrfObjective.Sentence>(chosenCount);
            var offsets = new List<double[]>(chosenCount);
            for (var i = 0; i < sentences.Length; i++)
            {
                if (chosen[i])
                {
                    selected.Add(sentences[i]);
                    offsets.Add(DenseEmissions(sentences[i], previous.Dense, features.DenseWidth, L));
                }
            }

            var x = new double[block.Count * L];
            for (var k = 0; k < block.Count; k++)
            {
                frozen.AsSpan(block[k] * L, L).CopyTo(x.AsSpan(k * L, L));
            }

            var objective = new CrfBlockObjective([.. selected], [.. offsets], frozen, blockIndex, previous.Potentials, options.Variance, cancellationToken);
            result = Lbfgs.Minimize(objective.Evaluate, x, options.Memory, options.UpdateIterations, options.GradientTolerance);
            for (var k = 0; k < block.Count; k++)
            {
                TensorPrimitives.ConvertTruncating<double, float>(x.AsSpan(k * L, L), state.AsSpan(block[k] * L, L));
            }
        }

        return new LinearChainCrf(labels, features, rows, state, previous.Dense, previous.Transitions, previous.Start, previous.End, result)
        {
            Cache = cache,
            Fitted = fitted,
        };
    }

    private static List<CrfExample> Used(IReadOnlyList<CrfExample> examples)
    {
        var used = new List<CrfExample>();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i] ?? throw new ArgumentException($"Example {i} is null.", nameof(examples));
            if (example.Tokens.Count > 0 && example.Weight > 0)
            {
                used.Add(example);
            }
        }

        return used;
    }

    private static void MarkRows(CrfFeatureCache.Entry entry, bool[] candidate)
    {
        foreach (var row in entry.Ids)
        {
            candidate[row] = true;
        }
    }

    /// <summary>The dense part of a sentence's emissions [tokens × labels] (zeros without token vectors).</summary>
    private static double[] DenseEmissions(CrfObjective.Sentence s, float[] dense, int width, int L)
    {
        var e = new double[s.Length * L];
        if (width == 0 || dense.Length != width * L)
        {
            return e;
        }

        for (var t = 0; t < s.Length; t++)
        {
            var row = e.AsSpan(t * L, L);
            for (var k = 0; k < width; k++)
            {
                var v = s.Dense[(t * width) + k];
                if (v != 0)
                {
                    var w = dense.AsSpan(k * L, L);
                    for (var l = 0; l < L; l++)
                    {
                        row[l] += v * w[l];
                    }
                }
            }
        }

        return e;
    }

    /// <summary>A 64-bit fingerprint of an example: its tokens, its label mask and its weight.</summary>
    internal static ulong Fingerprint(IReadOnlyList<string> tokens, bool[] mask, float weight)
    {
        var h = new FeatureHash("example");
        foreach (var token in tokens)
        {
            h.Add(token);
            h.Add('\u001f');
        }

        foreach (var allowed in mask)
        {
            h.Add(allowed ? '1' : '0');
        }

        h.Add((char)(BitConverter.SingleToInt32Bits(weight) & 0xFFFF));
        h.Add((char)(BitConverter.SingleToInt32Bits(weight) >>> 16));
        return h.Value;
    }

    private static IEnumerable<string> TypesOf(IReadOnlyList<CrfExample> examples, CrfOptions options, LinearChainCrf? warmStart)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            foreach (var set in (example?.Allowed ?? []).Concat(example?.Excluded ?? []))
            {
                foreach (var tag in set ?? [])
                {
                    if (IobTags.TypeOf(tag) is { } type)
                    {
                        types.Add(type);
                    }
                }
            }
        }

        foreach (var type in options.EntityTypes ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(type, nameof(options.EntityTypes));
            types.Add(type);
        }

        foreach (var label in warmStart?.Labels ?? [])
        {
            if (IobTags.TypeOf(label) is { } type)
            {
                types.Add(type);
            }
        }

        return types;
    }

    private static bool[] Mask(CrfExample example, string[] labels, int index)
    {
        var n = example.Tokens.Count;
        var L = labels.Length;
        var mask = new bool[n * L];
        for (var t = 0; t < n; t++)
        {
            var allowed = example.Allowed[t];
            var excluded = example.Excluded[t];
            for (var l = 0; l < L; l++)
            {
                mask[(t * L) + l] = (allowed is null || allowed.Contains(labels[l])) && !(excluded?.Contains(labels[l]) ?? false);
            }

            if (!mask.AsSpan(t * L, L).Contains(true))
            {
                throw new ArgumentException($"Example {index}: token {t} ('{example.Tokens[t]}') allows no tag.", nameof(example));
            }
        }

        return mask;
    }
}
