using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Tests.Evaluation;

/// <summary>The bootstrap over unit indices and the per-unit sums give the figures of the plain statistics over resampled lists.</summary>
public sealed class AgreementBootstrapTests
{
    private const int Categories = 4;

    [Fact]
    public void Alpha_and_fleiss_over_unit_counts_match_the_plain_statistics_estimate_and_interval()
    {
        var units = RandomUnits(seed: 3);
        var counts = units.Select(CountsOf).ToList();
        var fast = new UnitCounts(counts);

        var estimates = Agreement.Bootstrap(fast.Count, [fast.KrippendorffAlpha, fast.FleissKappa], samples: 300);

        var alpha = Agreement.Bootstrap(units, Agreement.KrippendorffAlpha, samples: 300);
        var fleiss = Agreement.Bootstrap(units, u => Agreement.FleissKappa(u, Categories), samples: 300);
        Assert.False(double.IsNaN(alpha.Low));
        Assert.Equal(alpha, estimates[0]);
        Assert.Equal(fleiss, estimates[1]);

        // The counts form of the plain statistics, and one statistic bootstrapped alone, agree as well.
        Assert.Equal(alpha, Agreement.Bootstrap(counts, Agreement.KrippendorffAlphaOfCounts, samples: 300));
        Assert.Equal(fleiss, Agreement.Bootstrap(counts, Agreement.FleissKappa, samples: 300));
        Assert.Equal(fleiss, Agreement.Bootstrap(fast.Count, fast.FleissKappa, samples: 300));
    }

    [Fact]
    public void Enough_units_to_share_the_resamples_out_give_the_same_figures_as_one_at_a_time()
    {
        // Twelve thousand units and two statistics are enough work per resample to be computed side by side.
        var units = RandomUnits(seed: 7, count: 12_000);
        var counts = units.Select(CountsOf).ToList();
        var fast = new UnitCounts(counts);

        var estimates = Agreement.Bootstrap(fast.Count, [fast.KrippendorffAlpha, fast.FleissKappa], samples: 40);

        Assert.Equal(Agreement.Bootstrap(units, Agreement.KrippendorffAlpha, samples: 40), estimates[0]);
        Assert.Equal(Agreement.Bootstrap(units, u => Agreement.FleissKappa(u, Categories), samples: 40), estimates[1]);
    }

    [Fact]
    public void Cohens_kappa_over_paired_categories_matches_the_plain_statistic_for_every_pair()
    {
        var units = RandomUnits(seed: 11);
        var pairs = 0;
        for (var a = 0; a < 6; a++)
        {
            for (var b = a + 1; b < 6; b++)
            {
                var shared = units
                    .Where(u => u.Ratings.Any(r => r.Annotator == a) && u.Ratings.Any(r => r.Annotator == b))
                    .Select(u => (First: u.Ratings.First(r => r.Annotator == a).Category, Second: u.Ratings.First(r => r.Annotator == b).Category))
                    .ToList();
                var plain = Agreement.Bootstrap(shared, s => Agreement.CohensKappa([.. s.Select(p => p.First)], [.. s.Select(p => p.Second)]), samples: 300);
                var paired = new PairedCategories([.. shared.Select(p => p.First)], [.. shared.Select(p => p.Second)]);
                Assert.Equal(plain, Agreement.Bootstrap(paired.Count, paired.CohensKappa, samples: 300));
                pairs += double.IsNaN(plain.Low) ? 0 : 1;
            }
        }

        Assert.True(pairs > 10);
    }

    [Fact]
    public void Undefined_and_empty_statistics_have_no_interval()
    {
        var same = new UnitCounts([[3, 0], [2, 0], [0, 0]]);
        Assert.True(double.IsNaN(same.KrippendorffAlpha([0, 1, 2])));
        var estimate = Agreement.Bootstrap(same.Count, same.KrippendorffAlpha);
        Assert.True(double.IsNaN(estimate.Value) && double.IsNaN(estimate.Low) && double.IsNaN(estimate.High));
        var none = Agreement.Bootstrap(0, new PairedCategories([], []).CohensKappa);
        Assert.True(double.IsNaN(none.Value) && double.IsNaN(none.Low));
    }

    // Units rated by one to four of six annotators who mostly agree, with the odd single rating (not pairable).
    private static List<RatedUnit> RandomUnits(int seed, int count = 400)
    {
        var random = new Random(seed);
        var units = new List<RatedUnit>();
        for (var u = 0; u < count; u++)
        {
            var truth = random.Next(Categories);
            var raters = Enumerable.Range(0, 6).OrderBy(_ => random.Next()).Take(1 + random.Next(4)).ToList();
            units.Add(new RatedUnit([.. raters.Select(a => (a, random.NextDouble() < 0.6 ? truth : random.Next(Categories)))]));
        }

        return units;
    }

    private static int[] CountsOf(RatedUnit unit)
    {
        var counts = new int[Categories];
        foreach (var (_, category) in unit.Ratings)
        {
            counts[category]++;
        }

        return counts;
    }
}
