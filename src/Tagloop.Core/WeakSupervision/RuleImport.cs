namespace Tagloop.Core.WeakSupervision;

/// <summary>What importing a rule package did: how many rules it added, and those that came in switched off because the project has no label of theirs, with why.</summary>
public sealed record RuleImport(int Added, IReadOnlyList<RuleImportNote> SwitchedOff);
