namespace Tagloop.Core.Review;

/// <summary>One label of an adjudicated document's final answer.</summary>
public sealed class AdjudicationLabel
{
    public long DocumentId { get; set; }

    public int LabelId { get; set; }
}
