namespace Tagloop.Core.Projects;

/// <summary>What annotators do in a project.</summary>
public enum ProjectTask
{
    /// <summary>Pick one label (or several, when the project is multi-label) for a whole document.</summary>
    Classification = 0,

    /// <summary>Mark spans of text (character offsets) with labels, e.g. named entities.</summary>
    SpanTagging = 1,
}
