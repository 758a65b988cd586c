namespace Tagloop.Core.WeakSupervision;

/// <summary>One page of the documents a saved rule votes on, by id.</summary>
public sealed record RuleHitsPage(int Total, int Page, int PageSize, IReadOnlyList<RuleHit> HitsPage);
