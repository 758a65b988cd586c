namespace Tagloop.Server.WeakSupervision;

/// <summary>A project's labelling rules, oldest first.</summary>
public sealed record RulesDto(IReadOnlyList<RuleDto> Rules);
