namespace Tagloop.Server.WeakSupervision;

/// <summary>Every version of a rule, newest first.</summary>
public sealed record RuleVersionsDto(IReadOnlyList<RuleVersionDto> Versions);
