using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Tests.Evaluation;

/// <summary>The agreement statistics against published worked examples.</summary>
public sealed class AgreementTests
{
    [Fact]
    public void Cohens_kappa_matches_the_worked_example_of_two_readers_of_fifty_applications()
    {
        // Wikipedia, "Cohen's kappa", first example: 50 grant applications, yes/yes 20, yes/no 5, no/yes 10, no/no 15:
        // p_o = 0.7, p_e = 0.5, κ = 0.4.
        var a = new List<int>();
        var b = new List<int>();
        void Add(int count, int first, int second)
        {
            a.AddRange(Enumerable.Repeat(first, count));
            b.AddRange(Enumerable.Repeat(second, count));
        }

        Add(20, 0, 0);
        Add(5, 0, 1);
        Add(10, 1, 0);
        Add(15, 1, 1);
        Assert.Equal(0.4, Agreement.CohensKappa(a, b), 12);

        // Perfect agreement is 1; a single category throughout is undefined.
        Assert.Equal(1.0, Agreement.CohensKappa([0, 1, 2, 1], [0, 1, 2, 1]), 12);
        Assert.True(double.IsNaN(Agreement.CohensKappa([1, 1, 1], [1, 1, 1])));
        Assert.Throws<ArgumentException>(() => Agreement.CohensKappa([0, 1], [0]));
    }

    [Fact]
    public void Fleiss_kappa_matches_the_worked_example_of_fourteen_raters_and_ten_subjects()
    {
        // Wikipedia, "Fleiss' kappa", worked example: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
        int[][] counts =
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        Assert.Equal(0.210, Agreement.FleissKappa(counts), 3);

        // With two raters per unit and the same marginals, Fleiss' κ is Scott's π: here the units of the Cohen example.
        var units = new List<int[]>();
        units.AddRange(Enumerable.Repeat(new[] { 2, 0 }, 20));
        units.AddRange(Enumerable.Repeat(new[] { 1, 1 }, 15));
        units.AddRange(Enumerable.Repeat(new[] { 0, 2 }, 15));
        // Scott's π: p_o = 0.7, pooled shares 0.55 and 0.45, p_e = 0.505, π = 0.195 / 0.495.
        Assert.Equal(0.195 / 0.495, Agreement.FleissKappa(units), 12);
    }

    [Fact]
    public void Krippendorffs_alpha_matches_krippendorffs_own_example_with_missing_values()
    {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers, twelve units,
        // some values missing; nominal α = 0.743. Values are 1–5 there; here 0–4 (nominal: only equality counts).
        int?[][] observers =
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
            [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
        ];
        var units = Enumerable.Range(0, 12)
            .Select(u => (IReadOnlyList<int>)[.. observers.Where(o => o[u] is not null).Select(o => o[u]!.Value - 1)])
            .ToList();
        Assert.Equal(0.743, Agreement.KrippendorffAlpha(units), 3);

        // Unit 12 has one value: not pairable, so leaving it out changes nothing.
        Assert.Equal(Agreement.KrippendorffAlpha(units), Agreement.KrippendorffAlpha(units.Take(11).ToList()), 12);
        Assert.True(double.IsNaN(Agreement.KrippendorffAlpha([[1, 1], [1, 1]])));
    }

    [Fact]
    public void The_bootstrap_interval_holds_the_estimate_narrows_with_more_units_and_is_the_same_each_time()
    {
        static List<RatedUnit> Units(int count)
        {
            var random = new Random(5);
            return [.. Enumerable.Range(0, count).Select(_ =>
            {
                var truth = random.Next(3);
                return new RatedUnit([.. Enumerable.Range(0, 3).Select(a => (a, random.NextDouble() < 0.8 ? truth : random.Next(3)))]);
            })];
        }

        var small = Agreement.Bootstrap(Units(40), u => Agreement.KrippendorffAlpha(u));
        var large = Agreement.Bootstrap(Units(400), u => Agreement.KrippendorffAlpha(u));
        Assert.InRange(small.Value, small.Low, small.High);
        Assert.InRange(large.Value, large.Low, large.High);
        Assert.True(large.High - large.Low < small.High - small.Low);
        Assert.InRange(large.Value, 0.55, 0.85);
        Assert.Equal(small, Agreement.Bootstrap(Units(40), u => Agreement.KrippendorffAlpha(u)));
        Assert.True(double.IsNaN(Agreement.Bootstrap(new List<RatedUnit>(), u => Agreement.KrippendorffAlpha(u)).Low));
    }

    [Fact]
    public void Alpha_from_counts_per_category_is_alpha_from_the_values()
    {
        var random = new Random(3);
        var units = Enumerable.Range(0, 300).Select(_ => (IReadOnlyList<int>)[.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(5))]).ToList();
        var counts = units.Select(u =>
        {
            var c = new int[5];
            foreach (var v in u)
            {
                c[v]++;
            }

            return c;
        }).ToList();

        Assert.Equal(Agreement.KrippendorffAlpha(units), Agreement.KrippendorffAlphaOfCounts(counts));
        Assert.True(double.IsNaN(Agreement.KrippendorffAlphaOfCounts([new int[3], new[] { 0, 2, 0 }])));
    }
}
