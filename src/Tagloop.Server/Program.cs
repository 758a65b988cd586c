using Tagloop.Server.Hosting;

var app = TagloopServer.Build(args);
await app.RunTagloopAsync().ConfigureAwait(false);

/// <summary>The server's entry point, also the anchor for <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
