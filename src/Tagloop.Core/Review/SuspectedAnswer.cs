namespace Tagloop.Core.Review;

/// <summary>A document whose (final or majority) label the cross-validated model confidently disagrees with: the class index it suggests and that class's probability.</summary>
public sealed record SuspectedAnswer(long DocumentId, int Given, int Suggested, double Confidence);
