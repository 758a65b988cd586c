namespace Tagloop.Core.Common;

/// <summary>The kinds of user error Tagloop reports.</summary>
public enum ProblemKind
{
    Invalid,
    NotFound,
    Conflict,
}
