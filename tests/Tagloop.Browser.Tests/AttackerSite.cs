using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tagloop.Browser.Tests;

/// <summary>
/// Another web site the person happens to visit: a real HTTP server on loopback, addressed as <c>localhost</c>, so
/// to the browser it is a different site from Tagloop on <c>127.0.0.1</c>. It serves whatever pages the test gives it.
/// </summary>
public sealed class AttackerSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> pages = new(StringComparer.Ordinal);
    private readonly WebApplication app;

    private AttackerSite(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The site's address, <c>http://localhost:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; }

    public static async Task<AttackerSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // Kestrel cannot pick a free port for "localhost", so it listens on 127.0.0.1 and the browser calls it localhost.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new AttackerSite(app, new Uri("http://localhost/"));
        app.Run(context => site.AnswerAsync(context));
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;
        site.BaseAddress = new Uri($"http://localhost:{port}/");
        return site;
    }

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> and returns the page's address.</summary>
    public Uri Serve(string path, string html)
    {
        pages[path] = html;
        return new Uri(BaseAddress, path);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Task AnswerAsync(HttpContext context)
    {
        if (!pages.TryGetValue(context.Request.Path.Value ?? "", out var html))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html);
    }
}
