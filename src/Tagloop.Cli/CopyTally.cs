namespace Tagloop.Cli;

/// <summary>How many rows of each kind a copy wrote.</summary>
internal sealed class CopyTally
{
    public int Projects { get; set; }

    public int Labels { get; set; }

    public int Imports { get; set; }

    public int TaxonomyChanges { get; set; }

    public int Documents { get; set; }

    public int Annotations { get; set; }

    public int AnswerLabels { get; set; }

    public int Spans { get; set; }

    public int RetiredLabels { get; set; }

    public int RelabelRequests { get; set; }

    public int TrainingRuns { get; set; }

    public int FinalLabels { get; set; }

    public int Comments { get; set; }

    public int Assignments { get; set; }

    public int Rules { get; set; }

    public int RuleVersions { get; set; }

    public int Users { get; set; }

    public int Members { get; set; }

    public int Tokens { get; set; }

    public int AuditEvents { get; set; }

    public override string ToString() =>
        $"{Projects} project(s): {Labels} labels, {Documents} documents, {Annotations} answers ({AnswerLabels} labels given, {Spans} spans), "
        + $"{Imports} imports, {TaxonomyChanges} label changes ({RetiredLabels} retired labels, {RelabelRequests} relabel requests), {TrainingRuns} training runs, "
        + $"{FinalLabels} final labels, {Comments} comments, {Assignments} assignments, {Rules} rules ({RuleVersions} versions), {Users} new users, {Members} members, {Tokens} tokens, {AuditEvents} audit lines";
}
