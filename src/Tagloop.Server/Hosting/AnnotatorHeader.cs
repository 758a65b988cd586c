using Tagloop.Core.Common;
using Tagloop.Core.Users;

namespace Tagloop.Server.Hosting;

/// <summary>Reads who is annotating from the <c>X-Tagloop-Annotator</c> header (accounts come later).</summary>
internal static class AnnotatorHeader
{
    public const string Name = "X-Tagloop-Annotator";

    public static Outcome<string> Read(HttpContext context) => AnnotatorName.Parse(context.Request.Headers[Name].ToString());
}
