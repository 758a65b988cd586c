namespace Tagloop.Core.Common;

/// <summary>The kinds of user error Tagloop reports.</summary>
public enum ProblemKind
{
    Invalid,
    NotFound,
    Conflict,

    /// <summary>The caller's role does not allow this to this thing (someone else's answer).</summary>
    Forbidden,
}
