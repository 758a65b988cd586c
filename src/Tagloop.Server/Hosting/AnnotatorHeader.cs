using Tagloop.Core.Common;
using Tagloop.Core.Users;
using Tagloop.Server.Security;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Who is annotating: the signed-in user when accounts are on (the header is then ignored), else the name the page
/// sends in the <c>X-Tagloop-Annotator</c> header.
/// </summary>
internal static class AnnotatorHeader
{
    public const string Name = "X-Tagloop-Annotator";

    public static Outcome<string> Read(HttpContext context)
    {
        if (CallerClaims.From(context.User) is { Local: false } caller)
        {
            return caller.Name;
        }

        return AnnotatorName.Parse(context.Request.Headers[Name].ToString());
    }
}
