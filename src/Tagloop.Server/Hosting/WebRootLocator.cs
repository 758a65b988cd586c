namespace Tagloop.Server.Hosting;

/// <summary>Finds the built web UI: a configured folder, <c>wwwroot</c> beside the app, or <c>web/dist</c> in a checkout.</summary>
internal static class WebRootLocator
{
    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "index.html")) ? full : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }
        }

        return null;
    }
}
