using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

/// <summary>A rule of a synthetic corpus: it votes <see cref="Label"/> on a document of that class with chance <see cref="On"/>, on any other with <see cref="Off"/>.</summary>
internal sealed record SyntheticRule(int Label, double On, double Off);

/// <summary>Seeded corpora of conditionally independent rules, with the truth and each rule's accuracy given that it votes.</summary>
internal static class SyntheticVotes
{
    public static (LabelMatrix Votes, int[] Truth, double[] Accuracies) Generate(int documents, double[] balance, SyntheticRule[] rules, int seed)
    {
        var random = new Random(seed);
        var truth = new int[documents];
        var dense = new int[documents][];
        for (var d = 0; d < documents; d++)
        {
            var u = random.NextDouble();
            var y = 0;
            while (y < balance.Length - 1 && u >= balance[y])
            {
                u -= balance[y];
                y++;
            }

            truth[d] = y;
            dense[d] = new int[rules.Length];
            for (var j = 0; j < rules.Length; j++)
            {
                var r = rules[j];
                dense[d][j] = random.NextDouble() < (y == r.Label ? r.On : r.Off) ? r.Label : -1;
            }
        }

        var accuracies = rules
            .Select(r => balance[r.Label] * r.On / ((balance[r.Label] * r.On) + ((1 - balance[r.Label]) * r.Off)))
            .ToArray();
        return (LabelMatrix.FromDense(dense, rules.Length, balance.Length), truth, accuracies);
    }

    public static readonly SyntheticRule[] Binary =
    [
        new(1, 0.45, 0.05), new(1, 0.30, 0.08), new(1, 0.25, 0.03), new(1, 0.50, 0.15),
        new(0, 0.40, 0.06), new(0, 0.30, 0.10), new(0, 0.20, 0.04), new(0, 0.35, 0.20),
    ];

    public static readonly SyntheticRule[] ThreeClasses =
    [
        new(0, 0.40, 0.05), new(0, 0.30, 0.10), new(0, 0.25, 0.04),
        new(1, 0.45, 0.06), new(1, 0.30, 0.03), new(1, 0.35, 0.12),
        new(2, 0.50, 0.05), new(2, 0.30, 0.08), new(2, 0.40, 0.03),
    ];
}
