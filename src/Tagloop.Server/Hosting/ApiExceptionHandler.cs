using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Turns the failures a user or the machine causes into problems a person can act on: a body that is not the JSON
/// the endpoint wants (naming the field, position and expected type), a body over the size limit, and a full disk
/// (507, reported once by the <see cref="DiskSpaceAlarm"/> instead of a stack trace per request). Anything else is a
/// bug and goes on to the default 500 handling, which logs it.
/// </summary>
internal sealed partial class ApiExceptionHandler(DiskSpaceAlarm alarm, IStorageFaults storage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IResult result;
        if (exception is BadHttpRequestException bad)
        {
            result = BadRequest(bad);
        }
        else if (DiskFull.Is(exception, storage))
        {
            alarm.Raise($"{httpContext.Request.Method} {httpContext.Request.Path}");
            result = TypedResults.Problem(
                title: "The disk is full.",
                detail: "Tagloop could not save this because the disk that holds its data is full. Nothing from this request was stored. " +
                        "Free some space and try again; Tagloop keeps running and needs no restart.",
                statusCode: StatusCodes.Status507InsufficientStorage);
        }
        else
        {
            return false;
        }

        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    private static IResult BadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
            var where = json.LineNumber is { } line ? $" (line {line + 1}, character {(json.BytePositionInLine ?? 0) + 1})" : "";
            var message = JsonProblem(json, field, where);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "The request is not valid.");
        }

        var binding = FailedToBind().Match(bad.Message);
        if (binding.Success)
        {
            var name = binding.Groups["name"].Value;
            var message = $"{name} must be {Expected(binding.Groups["type"].Value)}; got '{UnicodeText.Quote(binding.Groups["value"].Value, 40)}'.";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }, detail: message, title: "The request is not valid.");
        }

        var (title, detail) = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("The request is too large.", $"{bad.Message.TrimEnd('.')}. Send less at once (see docs/api.md for each endpoint's limit)."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported content type.", "Send the body as JSON with 'Content-Type: application/json'."),
            _ when bad.Message.Contains("no body was provided", StringComparison.Ordinal) => ("The request is not valid.", "This endpoint needs a JSON body."),
            _ => ("The request is not valid.", bad.Message),
        };
        return TypedResults.Problem(detail: detail, statusCode: bad.StatusCode, title: title);
    }

    /// <summary>
    /// What is wrong with a JSON body, from System.Text.Json's exception: the reader's own complaint (a string where a
    /// number belongs, an escaped unpaired surrogate) is in the inner exception; a value of the wrong shape names the
    /// type it could not become; anything else is a syntax error.
    /// </summary>
    private static string JsonProblem(JsonException json, string field, string where)
    {
        if (json.InnerException is InvalidOperationException reader)
        {
            var text = reader.Message;
            if (text.Contains("surrogate", StringComparison.OrdinalIgnoreCase) || text.Contains("UTF-16", StringComparison.Ordinal))
            {
                return $"{field} holds an escaped unpaired surrogate (such as \\ud800), which is not valid Unicode{where}.";
            }

            var token = TokenType().Match(text);
            var found = token.Success ? $", not {Describe(token.Groups["token"].Value)}" : "";
            if (text.EndsWith("as a number.", StringComparison.Ordinal))
            {
                return $"{field} must be a number{found}{where}.";
            }

            if (text.EndsWith("as a boolean.", StringComparison.Ordinal))
            {
                return $"{field} must be true or false{found}{where}.";
            }

            if (text.EndsWith("as a string.", StringComparison.Ordinal))
            {
                return $"{field} must be a string{found}{where}.";
            }
        }

        var converted = ConvertedTo().Match(json.Message);
        if (converted.Success && !converted.Groups["type"].Value.StartsWith("Tagloop.", StringComparison.Ordinal))
        {
            return $"{field} must be {Expected(converted.Groups["type"].Value)}{where}.";
        }

        if (converted.Success)
        {
            return $"{field} does not have the expected shape{where}; see /openapi/v1.json.";
        }

        return $"The body is not valid JSON{where}: {FirstSentence(json.Message)}.";
    }

    /// <summary>What a .NET type name (System.Int64, Nullable&lt;int&gt;, IReadOnlyList`1[…]) means to someone writing JSON or a query string.</summary>
    private static string Expected(string type)
    {
        if (type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) || type.Contains("Enumerable", StringComparison.Ordinal))
        {
            return "a list";
        }

        if (type.Contains("Bool", StringComparison.OrdinalIgnoreCase))
        {
            return "true or false";
        }

        if (type.Contains("Int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase))
        {
            return "a whole number";
        }

        if (type.Contains("Double", StringComparison.OrdinalIgnoreCase) || type.Contains("Single", StringComparison.Ordinal)
            || type.Contains("float", StringComparison.OrdinalIgnoreCase) || type.Contains("Decimal", StringComparison.OrdinalIgnoreCase))
        {
            return "a number";
        }

        return type.Contains("String", StringComparison.OrdinalIgnoreCase) ? "a string" : "an object";
    }

    private static string Describe(string token) => token switch
    {
        "String" => "a string",
        "Number" => "a number",
        "True" or "False" => "true or false",
        "StartArray" => "a list",
        "StartObject" => "an object",
        "Null" => "null",
        _ => token,
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    [GeneratedRegex("could not be converted to (?<type>[^ .]+(?:\\.[^ .]+)*(?:`1\\[[^\\]]+\\])?)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("token type '(?<token>\\w+)'")]
    private static partial Regex TokenType();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>\\S+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();
}
