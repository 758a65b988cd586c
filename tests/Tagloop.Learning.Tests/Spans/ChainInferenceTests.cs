using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>Forward–backward and Viterbi against brute-force enumeration of every tag path.</summary>
public sealed class ChainInferenceTests
{
    private static readonly string[] ThreeLabels = ["O", "B-X", "I-X"];
    private static readonly string[] FiveLabels = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Log_Z_equals_the_log_sum_over_all_legal_paths(int seed)
    {
        var (emissions, p) = RandomChain(ThreeLabels, 3, seed);
        var logZ = ChainInference.Forward(emissions, 3, p, [], new double[9], new double[9], new double[3]);
        var brute = LogSumExp(Paths(3, 3).Select(path => PathScore(emissions, ThreeLabels, p, path)));
        Assert.Equal(brute, logZ, 9);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Marginals_sum_to_one_and_match_brute_force(int seed)
    {
        var (emissions, p) = RandomChain(FiveLabels, 3, seed);
        var (marginals, pairs) = Marginals(emissions, 3, p, []);
        var paths = Paths(3, 5).ToList();
        var scores = paths.Select(path => PathScore(emissions, FiveLabels, p, path)).ToList();
        var logZ = LogSumExp(scores);
        var expected = new double[15];
        var expectedPairs = new double[25];
        for (var i = 0; i < paths.Count; i++)
        {
            var q = Math.Exp(scores[i] - logZ);
            for (var t = 0; t < 3; t++)
            {
                expected[(t * 5) + paths[i][t]] += q;
                if (t > 0)
                {
                    expectedPairs[(paths[i][t - 1] * 5) + paths[i][t]] += q;
                }
            }
        }

        for (var t = 0; t < 3; t++)
        {
            Assert.Equal(1.0, marginals.Skip(t * 5).Take(5).Sum(), 12);
        }

        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(expected[i], marginals[i], 10);
        }

        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(expectedPairs[i], pairs[i], 10);
        }

        // O → I-LOC is forbidden: no mass.
        Assert.Equal(0.0, pairs[2]);
    }

    [Fact]
    public void A_masked_forward_pass_sums_only_the_consistent_paths()
    {
        var (emissions, p) = RandomChain(ThreeLabels, 3, 7);
        // Token 1 is B-X or I-X (unknown which), token 2 is not I-X, token 0 unknown.
        bool[] mask = [true, true, true, false, true, true, true, true, false];
        var logMasked = ChainInference.Forward(emissions, 3, p, mask, new double[9], new double[9], new double[3]);
        var consistent = Paths(3, 3).Where(path => mask[path[0]] && mask[3 + path[1]] && mask[6 + path[2]]);
        Assert.Equal(LogSumExp(consistent.Select(path => PathScore(emissions, ThreeLabels, p, path))), logMasked, 9);

        var (marginals, _) = Marginals(emissions, 3, p, mask);
        Assert.Equal(0.0, marginals[3]);
        Assert.Equal(0.0, marginals[8]);
        Assert.Equal(1.0, marginals[4] + marginals[5], 12);
    }

    [Fact]
    public void A_mask_no_legal_path_fits_gives_minus_infinity()
    {
        var (emissions, p) = RandomChain(ThreeLabels, 2, 8);
        bool[] mask = [true, false, false, false, false, true]; // O then I-X
        Assert.True(double.IsNegativeInfinity(ChainInference.Forward(emissions, 2, p, mask, new double[6], new double[6], new double[2])));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Viterbi_finds_the_brute_force_best_path_and_it_is_legal(int seed)
    {
        var (emissions, p) = RandomChain(FiveLabels, 4, seed, scale: 4);
        var path = new int[4];
        var score = ChainInference.Viterbi(emissions, 4, p, path);
        var best = Paths(4, 5).MaxBy(q => PathScore(emissions, FiveLabels, p, q))!;
        Assert.Equal(best, path);
        Assert.Equal(PathScore(emissions, FiveLabels, p, best), score, 9);
        Assert.True(IsLegal(FiveLabels, path));
    }

    [Fact]
    public void Huge_emissions_neither_overflow_nor_lose_the_answer()
    {
        var (emissions, p) = RandomChain(ThreeLabels, 3, 14);
        for (var i = 0; i < emissions.Length; i++)
        {
            emissions[i] *= 400;
        }

        var logZ = ChainInference.Forward(emissions, 3, p, [], new double[9], new double[9], new double[3]);
        Assert.Equal(LogSumExp(Paths(3, 3).Select(path => PathScore(emissions, ThreeLabels, p, path))), logZ, 6);
    }

    internal static (double[] Emissions, ChainPotentials Potentials) RandomChain(string[] labels, int length, int seed, double scale = 1)
    {
        var random = new Random(seed);
        var L = labels.Length;
        double Next() => scale * ((random.NextDouble() * 2) - 1);
        var emissions = Enumerable.Range(0, length * L).Select(_ => Next()).ToArray();
        var transitions = Enumerable.Range(0, L * L).Select(_ => Next()).ToArray();
        var start = Enumerable.Range(0, L).Select(_ => Next()).ToArray();
        var end = Enumerable.Range(0, L).Select(_ => Next()).ToArray();
        return (emissions, new ChainPotentials(labels, transitions, start, end));
    }

    internal static IEnumerable<int[]> Paths(int length, int labels)
    {
        var total = (int)Math.Pow(labels, length);
        for (var code = 0; code < total; code++)
        {
            var path = new int[length];
            var c = code;
            for (var t = 0; t < length; t++)
            {
                path[t] = c % labels;
                c /= labels;
            }

            yield return path;
        }
    }

    /// <summary>The path's score from the raw weights, −∞ for a path IOB2 forbids (checked here, independently).</summary>
    internal static double PathScore(double[] emissions, string[] labels, ChainPotentials p, int[] path)
    {
        if (!IsLegal(labels, path))
        {
            return double.NegativeInfinity;
        }

        var L = labels.Length;
        var s = p.LogStart[path[0]] + p.LogEnd[path[^1]];
        for (var t = 0; t < path.Length; t++)
        {
            s += emissions[(t * L) + path[t]] + (t > 0 ? p.LogTransitions[(path[t - 1] * L) + path[t]] : 0);
        }

        return s;
    }

    internal static bool IsLegal(IReadOnlyList<string> labels, int[] path)
    {
        for (var t = 0; t < path.Length; t++)
        {
            var tag = labels[path[t]];
            if (tag.StartsWith("I-", StringComparison.Ordinal))
            {
                var previous = t > 0 ? labels[path[t - 1]] : "O";
                if (previous == "O" || previous[2..] != tag[2..])
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.Where(v => !double.IsNegativeInfinity(v)).ToList();
        if (list.Count == 0)
        {
            return double.NegativeInfinity;
        }

        var max = list.Max();
        return max + Math.Log(list.Sum(v => Math.Exp(v - max)));
    }

    private static (double[] Marginals, double[] Pairs) Marginals(double[] emissions, int length, ChainPotentials p, bool[] mask)
    {
        var L = p.L;
        var alpha = new double[length * L];
        var psi = new double[length * L];
        var scale = new double[length];
        ChainInference.Forward(emissions, length, p, mask, alpha, psi, scale);
        var marginals = new double[length * L];
        var pairs = new double[L * L];
        ChainInference.Backward(length, p, alpha, psi, scale, new double[length * L], marginals, pairs, 1.0);
        return (marginals, pairs);
    }
}
