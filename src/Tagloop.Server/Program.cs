using Microsoft.Extensions.Options;
using Tagloop.Server.Hosting;

var app = TagloopServer.Build(args);

// After Build, so that test hosts (WebApplicationFactory stops this program inside Build) take no lock; `tagloop serve`
// takes its own.
var folder = DataFolderLock.Acquire(app.Services.GetRequiredService<IOptions<TagloopServerOptions>>().Value.DataDir);
if (!folder.Succeeded)
{
    await Console.Error.WriteLineAsync($"error: {folder.Problems[0].Message}").ConfigureAwait(false);
    return 1;
}

using (folder.Value!)
{
    await app.RunTagloopAsync().ConfigureAwait(false);
}

return 0;

/// <summary>The server's entry point, also the anchor for <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
