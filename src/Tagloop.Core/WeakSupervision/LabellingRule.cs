using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's labelling rule, written by an expert without code: when it matches a document it votes its label, else
/// it abstains. It names its label by id, so a renamed label carries the rule along; a split or deleted label switches
/// it off (<see cref="LabelId"/> null, <see cref="LabelName"/> kept, <see cref="Note"/> saying why). Every change makes
/// the next <see cref="Version"/>, kept whole in <see cref="Versions"/>. Only the fields of its <see cref="Kind"/> are set.
/// </summary>
public sealed class LabellingRule
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    /// <summary>Unique in the project, whatever the case.</summary>
    public required string Name { get; set; }

    /// <summary>The label the rule votes; null once that label was split or deleted (the rule is then off).</summary>
    public int? LabelId { get; set; }

    /// <summary>The label's name when the rule last named it: what is shown while the label is gone.</summary>
    public required string LabelName { get; set; }

    public RuleKind Kind { get; set; }

    /// <summary>Keywords or phrases (<see cref="RuleKind.Keywords"/>).</summary>
    public List<string> Terms { get; set; } = [];

    public RuleMatch Match { get; set; }

    public bool CaseSensitive { get; set; }

    /// <summary>A .NET regular expression (<see cref="RuleKind.Regex"/>).</summary>
    public string? Pattern { get; set; }

    /// <summary>Example texts (<see cref="RuleKind.Similar"/>).</summary>
    public List<string> Examples { get; set; } = [];

    /// <summary>Documents of the project whose texts are examples too (<see cref="RuleKind.Similar"/>), as given; read when the rule is used.</summary>
    public List<long> ExampleDocumentIds { get; set; } = [];

    /// <summary>The least cosine similarity that matches (<see cref="RuleKind.Similar"/>, <see cref="RuleKind.LabelDescription"/>).</summary>
    public double? Threshold { get; set; }

    public string? MetaField { get; set; }

    public string? MetaValue { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Why the rule is off, in words (its author's, or what a label change did to it).</summary>
    public string? Note { get; set; }

    /// <summary>1 when written, one more on each change; also the check that an edit started from the current rule.</summary>
    public int Version { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<LabellingRuleVersion> Versions { get; set; } = [];
}
