namespace Tagloop.Learning.Loop;

/// <summary>
/// The answers so far, as the loop needs them: which rows of the corpus are labelled (indices into it, in any order)
/// and each one's classes (one for single-label projects; any number, even none, for multi-label ones).
/// </summary>
public sealed record LabelledRows(int[] Rows, int[][] Sets, int Classes, bool MultiLabel)
{
    /// <summary>How many labelled rows carry each class.</summary>
    public int[] Counts()
    {
        var counts = new int[Classes];
        foreach (var set in Sets)
        {
            foreach (var c in set)
            {
                counts[c]++;
            }
        }

        return counts;
    }
}
