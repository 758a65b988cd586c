using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class NearestSimilarityTests
{
    [Fact]
    public void Each_candidate_gets_its_highest_cosine_to_any_reference_whatever_the_lengths()
    {
        float[] references = [2f, 0f, 0f, 0f, 3f, 0f];
        float[] candidates = [1f, 1f, 0f, 0f, 0f, 5f, -1f, 0f, 0f, 0f, 0f, 0f, 0f, 10f, 10f];
        var highest = NearestSimilarity.Highest(candidates, references, 3);
        Assert.Equal(5, highest.Length);
        Assert.Equal(MathF.Sqrt(0.5f), highest[0], 5);
        Assert.Equal(0f, highest[1], 5);
        Assert.Equal(0f, highest[2], 5);
        Assert.Equal(0f, highest[3], 5);
        Assert.Equal(MathF.Sqrt(0.5f), highest[4], 5);
    }

    [Fact]
    public void Many_candidates_across_chunks_match_a_brute_force_loop()
    {
        var random = new Random(5);
        var candidates = Enumerable.Range(0, 700 * 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var references = Enumerable.Range(0, 9 * 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var highest = NearestSimilarity.Highest(candidates, references, 8);
        for (var i = 0; i < 700; i += 37)
        {
            var best = double.NegativeInfinity;
            for (var r = 0; r < 9; r++)
            {
                double dot = 0, a = 0, b = 0;
                for (var j = 0; j < 8; j++)
                {
                    dot += candidates[(i * 8) + j] * references[(r * 8) + j];
                    a += candidates[(i * 8) + j] * candidates[(i * 8) + j];
                    b += references[(r * 8) + j] * references[(r * 8) + j];
                }

                best = Math.Max(best, dot / Math.Sqrt(a * b));
            }

            Assert.Equal(best, highest[i], 4);
        }
    }

    [Fact]
    public void Rows_that_do_not_fit_the_dimension_or_hold_NaN_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NearestSimilarity.Highest([1f, 2f, 3f], [1f, 2f], 2));
        Assert.Throws<ArgumentException>(() => NearestSimilarity.Highest([1f, float.NaN], [1f, 2f], 2));
    }
}
