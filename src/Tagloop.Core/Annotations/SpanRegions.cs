using System.Text.Json;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Annotations;

/// <summary>
/// The parts of a document a span-tagging answer covers completely (<see cref="Annotation.Regions"/>): stored as
/// <c>[[start,end],…]</c>, sorted and merged, in UTF-16 code units; null stands for the whole document.
/// </summary>
public static class SpanRegions
{
    /// <summary>The stored regions, sorted and merged; null for the whole document (or a value that cannot be read).</summary>
    public static IReadOnlyList<TextRange>? Parse(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        int[][]? pairs;
        try
        {
            pairs = JsonSerializer.Deserialize<int[][]>(stored);
        }
        catch (JsonException)
        {
            return [];
        }

        return Merge((pairs ?? []).Where(p => p is { Length: 2 } && p[1] > p[0]).Select(p => new TextRange(p[0], p[1])));
    }

    /// <summary>How <paramref name="regions"/> are stored; null stays null (the whole document).</summary>
    public static string? Format(IEnumerable<TextRange>? regions) =>
        regions is null ? null : JsonSerializer.Serialize(Merge(regions).Select(r => new[] { r.Start, r.End }).ToArray());

    /// <summary>Sorts and merges touching or overlapping ranges.</summary>
    public static IReadOnlyList<TextRange> Merge(IEnumerable<TextRange> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var merged = new List<TextRange>();
        foreach (var region in regions.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && region.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, region.End) };
            }
            else
            {
                merged.Add(region);
            }
        }

        return merged;
    }

    /// <summary>Whether every token lies inside the regions (null regions cover everything).</summary>
    public static bool Covers(IReadOnlyList<TextRange>? regions, IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return regions is null || tokens.All(t => Contains(regions, t.Start, t.End));
    }

    /// <summary>Whether [start, end) lies inside one of the regions (null regions cover everything).</summary>
    public static bool Contains(IReadOnlyList<TextRange>? regions, int start, int end) =>
        regions is null || regions.Any(r => r.Start <= start && end <= r.End);
}
