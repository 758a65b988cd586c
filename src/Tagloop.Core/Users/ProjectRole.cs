namespace Tagloop.Core.Users;

/// <summary>What a member may do in a project, each role including the ones below it.</summary>
public enum ProjectRole
{
    /// <summary>Reads the project, its documents, answers, model and figures.</summary>
    Viewer = 1,

    /// <summary>Also answers tasks and undoes their own answers.</summary>
    Annotator = 2,

    /// <summary>Also sees agreement and annotators' figures, exports, undoes anyone's answer.</summary>
    Reviewer = 3,

    /// <summary>Also changes settings, labels, documents and members, and deletes the project.</summary>
    Owner = 4,
}
