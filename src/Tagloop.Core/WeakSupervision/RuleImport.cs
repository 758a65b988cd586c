namespace Tagloop.Core.WeakSupervision;

/// <summary>What importing a rule package did: how many rules it added, and the names of those that came in switched off because the project has no label of theirs.</summary>
public sealed record RuleImport(int Added, IReadOnlyList<string> SwitchedOff);
