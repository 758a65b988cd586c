using System.Collections.Frozen;
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

        var used = new List<CrfExample>();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i] ?? throw new ArgumentException($"Example {i} is null.", nameof(examples));
            if (example.Tokens.Count > 0 && example.Weight > 0)
            {
                used.Add(example);
            }
        }

        var extracted = new SentenceFeatures[used.Count];
        Parallel.For(0, used.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => extracted[i] = features.Extract(used[i].Tokens));

        // Only the buckets the data touches get weights, numbered in order of first appearance (deterministic).
        var local = new Dictionary<int, int>();
        var sentences = new CrfObjective.Sentence[used.Count];
        for (var i = 0; i < used.Count; i++)
        {
            var ids = extracted[i].Ids;
            var mapped = new int[ids.Length];
            for (var j = 0; j < ids.Length; j++)
            {
                if (!local.TryGetValue(ids[j], out var row))
                {
                    local[ids[j]] = row = local.Count;
                }

                mapped[j] = row;
            }

            sentences[i] = new CrfObjective.Sentence(mapped, extracted[i].Starts, extracted[i].Dense, Mask(used[i], labels, i), used[i].Weight);
        }

        var problem = new CrfObjective(sentences, labels, local.Count, features.DenseWidth, options.Variance, cancellationToken);
        problem.CheckConsistent();
        var x = new double[problem.Parameters];
        if (warmStart is not null)
        {
            problem.WarmStart(x, warmStart, local);
        }

        var result = Lbfgs.Minimize(problem.Evaluate, x, options.Memory, options.MaxIterations, options.GradientTolerance);
        return problem.ToModel(x, features, local.ToFrozenDictionary(), result);
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
