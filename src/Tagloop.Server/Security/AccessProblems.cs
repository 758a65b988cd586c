namespace Tagloop.Server.Security;

/// <summary>401 and 403 answers as problem details that say what to do.</summary>
internal static class AccessProblems
{
    public static Task Write(HttpContext http, int status, string title, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(http);
    }
}
