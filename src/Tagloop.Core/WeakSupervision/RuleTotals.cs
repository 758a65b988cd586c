namespace Tagloop.Core.WeakSupervision;

/// <summary>The switched-on rules together, as shares of all documents: voted on by any, by two or more, given two or more different labels.</summary>
public sealed record RuleTotals(double Coverage, double Overlap, double Conflict);
