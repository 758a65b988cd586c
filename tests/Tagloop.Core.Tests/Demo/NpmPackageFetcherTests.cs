using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Packages;

namespace Tagloop.Core.Tests.Demo;

/// <summary>The fetcher against a registry served on loopback by the test itself.</summary>
public sealed class NpmPackageFetcherTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-npm-").FullName;
    private readonly HttpListener listener = new();
    private readonly string prefix;
    private byte[] tarball = [];
    private string integrity = "";
    private int tarballRequests;

    public NpmPackageFetcherTests()
    {
        prefix = $"http://127.0.0.1:{FreePort()}/";
        listener.Prefixes.Add(prefix);
        listener.Start();
        _ = ServeAsync();
    }

    public void Dispose()
    {
        listener.Close();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task It_downloads_verifies_and_caches_so_the_second_call_makes_no_request()
    {
        Publish(Encoding.UTF8.GetBytes("pretend tarball"), corrupt: false);
        using var http = new HttpClient();
        var fetcher = new NpmPackageFetcher(http);
        var progress = new List<DownloadProgress>();
        var reporter = new Inline(progress.Add);

        var path = await WithRegistry(() => fetcher.FetchAsync("@demo/corpus", "1.2.3", folder, reporter, CancellationToken.None));
        Assert.Equal("pretend tarball", await File.ReadAllTextAsync(path));
        Assert.Equal(15, progress[^1].BytesDone);
        Assert.Equal(1, tarballRequests);

        var again = await WithRegistry(() => fetcher.FetchAsync("@demo/corpus", "1.2.3", folder, null, CancellationToken.None));
        Assert.Equal(path, again);
        Assert.Equal(1, tarballRequests);
    }

    [Fact]
    public async Task A_corrupt_download_is_refused_and_leaves_nothing_behind()
    {
        Publish(Encoding.UTF8.GetBytes("the real content"), corrupt: true);
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            WithRegistry(() => new NpmPackageFetcher(http).FetchAsync("@demo/corpus", "1.2.3", folder, null, CancellationToken.None)));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    private async Task<T> WithRegistry<T>(Func<Task<T>> action)
    {
        var previous = Environment.GetEnvironmentVariable("npm_config_registry");
        Environment.SetEnvironmentVariable("npm_config_registry", prefix);
        try
        {
            return await action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("npm_config_registry", previous);
        }
    }

    private void Publish(byte[] content, bool corrupt)
    {
        tarball = content;
        var hash = SHA512.HashData(content);
        if (corrupt)
        {
            hash[0] ^= 0xFF;
        }

        integrity = "sha512-" + Convert.ToBase64String(hash);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.RawUrl ?? "";
            byte[] body;
            if (path.EndsWith(".tgz", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tarballRequests);
                body = tarball;
            }
            else if (path.StartsWith("/@demo%2fcorpus/1.2.3", StringComparison.OrdinalIgnoreCase))
            {
                body = Encoding.UTF8.GetBytes($"{{\"dist\": {{\"tarball\": \"{prefix}corpus-1.2.3.tgz\", \"integrity\": \"{integrity}\"}}}}");
            }
            else
            {
                context.Response.StatusCode = 404;
                body = [];
            }

            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed class Inline(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
