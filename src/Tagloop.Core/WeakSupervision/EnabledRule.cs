using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>A switched-on rule ready for the algorithms: its id and version in the project, and its definition with label names and example texts.</summary>
public sealed record EnabledRule(int Id, int Version, RuleDefinition Definition);
