namespace Tagloop.Core.Common;

/// <summary>Something a user got wrong (a field, a line, a missing thing), reported with a clear message rather than thrown.</summary>
/// <param name="Kind">What sort of problem it is; decides the HTTP status and the CLI exit code.</param>
/// <param name="Message">What is wrong, naming the value.</param>
/// <param name="Field">The request field or setting at fault, when there is one.</param>
public sealed record Problem(ProblemKind Kind, string Message, string? Field = null)
{
    public static Problem Invalid(string field, string message) => new(ProblemKind.Invalid, message, field);

    public static Problem NotFound(string message) => new(ProblemKind.NotFound, message);

    public static Problem Forbidden(string message) => new(ProblemKind.Forbidden, message);

    public static Problem Conflict(string message, string? field = null) => new(ProblemKind.Conflict, message, field);
}
