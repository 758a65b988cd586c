using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>Turns user errors into RFC 9457 problem details.</summary>
public static class ProblemResults
{
    public static IResult ToResult(IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var first = problems[0];
        if (first.Kind == ProblemKind.Invalid)
        {
            var errors = problems
                .GroupBy(p => p.Field ?? "")
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", problems.Select(p => p.Message)), title: "The request is not valid.");
        }

        var status = first.Kind switch
        {
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Conflict => StatusCodes.Status409Conflict,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        var title = first.Kind switch
        {
            ProblemKind.NotFound => "Not found.",
            ProblemKind.Forbidden => "Not allowed.",
            _ => "Conflict.",
        };
        return TypedResults.Problem(detail: first.Message, statusCode: status, title: title);
    }

    public static IResult ToResult(Problem problem) => ToResult([problem]);

    public static IResult ToResult<T>(Outcome<T> outcome, Func<T, IResult> success)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(success);
        return outcome.Succeeded ? success(outcome.Value!) : ToResult(outcome.Problems);
    }
}
