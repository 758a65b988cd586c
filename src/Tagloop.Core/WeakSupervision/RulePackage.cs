namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's rules as they travel with the project (<see cref="RuleTransfer"/>): each rule's definition with its
/// label by name; example documents travel as their texts.
/// </summary>
/// <param name="Format">The package's format version (<see cref="CurrentFormat"/>).</param>
/// <param name="Rules">The rules, in the order they were written.</param>
public sealed record RulePackage(int Format, IReadOnlyList<RuleSnapshot> Rules)
{
    public const int CurrentFormat = 1;
}
