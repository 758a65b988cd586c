using Tagloop.Learning.Explore;

namespace Tagloop.Core.Explore;

/// <summary>
/// Documents unlike anything labelled: each unlabelled document on the map is scored by its highest cosine similarity
/// to a labelled one (<see cref="NearestSimilarity"/>), least similar first. Beyond <see cref="MaxLabelled"/> labelled
/// or <see cref="MaxCandidates"/> unlabelled documents a seeded sample of each is read, which bounds the work at about
/// 40 million similarities.
/// </summary>
public static class Novelty
{
    public const int MaxLabelled = 2_000;
    public const int MaxCandidates = 20_000;

    public static IReadOnlyList<NovelDocument> Rank(CorpusMap map, IReadOnlySet<long> labelled, int limit, int seed, Func<IReadOnlyList<long>, float[]> rowsOf)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(rowsOf);
        var references = map.Ids.Where(labelled.Contains).ToArray();
        var candidates = map.Ids.Where(id => !labelled.Contains(id)).ToArray();
        if (references.Length == 0 || candidates.Length == 0 || limit <= 0)
        {
            return [];
        }

        references = Sample(references, MaxLabelled, seed);
        candidates = Sample(candidates, MaxCandidates, seed + 1);
        var highest = NearestSimilarity.Highest(rowsOf(candidates), rowsOf(references), map.Dimension);
        return [.. Enumerable.Range(0, candidates.Length)
            .OrderBy(i => highest[i]).ThenBy(i => candidates[i])
            .Take(limit)
            .Select(i => new NovelDocument(candidates[i], Math.Round(highest[i], 4)))];
    }

    /// <summary>At most <paramref name="most"/> of the ids, a seeded sample kept in id order (all of them when fewer).</summary>
    private static long[] Sample(long[] ids, int most, int seed)
    {
        if (ids.Length <= most)
        {
            return ids;
        }

        var random = new Random(seed);
        var chosen = ids.ToArray();
        random.Shuffle(chosen);
        return [.. chosen.Take(most).Order()];
    }
}
