using System.Net;

namespace Tagloop.Server.Hosting;

/// <summary>Until accounts exist, Tagloop serves this machine only: anything but a loopback address is refused.</summary>
public static class LoopbackGuard
{
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var trimmed = host.Trim('[', ']');
        if (string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Throws when a configured URL would listen beyond loopback; misconfiguration is a start-up error.</summary>
    public static void EnsureLoopback(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                ? uri.Host
                : url;
            if (!IsLoopback(host))
            {
                throw new InvalidOperationException(
                    $"Refusing to listen on '{url}': until accounts exist Tagloop serves loopback only (127.0.0.1, ::1 or localhost).");
            }
        }
    }
}
