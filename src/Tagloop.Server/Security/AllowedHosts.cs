using System.Net;

namespace Tagloop.Server.Security;

/// <summary>
/// The names a request may be addressed to: loopback names always, and the names the operator listed with
/// <c>serve --allowed-host</c>. Anything else is a page on another name reaching this server through a DNS
/// answer it controls (DNS rebinding), so it is refused.
/// </summary>
public sealed class AllowedHosts
{
    private readonly HashSet<string> names;

    public AllowedHosts(IEnumerable<string>? configured)
    {
        names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in configured ?? [])
        {
            var problem = Problem(name);
            if (problem is not null)
            {
                throw new InvalidOperationException(problem);
            }

            names.Add(name.Trim().Trim('[', ']'));
        }
    }

    /// <summary>The configured names, for messages.</summary>
    public IReadOnlyCollection<string> Configured => names;

    /// <summary>Why a configured name cannot be used, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        var trimmed = name?.Trim().Trim('[', ']') ?? "";
        if (trimmed.Length == 0 || trimmed.Length > 253 || Uri.CheckHostName(trimmed) == UriHostNameType.Unknown)
        {
            return $"--allowed-host '{name}' is not a host name (such as tagloop.internal) or an IP address; give the name without a scheme, port or path.";
        }

        return null;
    }

    /// <summary>Whether a <c>Host</c> header value (a name or address with an optional port) is one this server answers to.</summary>
    public bool Allows(string? hostHeader)
    {
        var host = HostPart(hostHeader);
        if (host is null)
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || names.Contains(host))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>The host of a <c>Host</c> header without its port and brackets; null when the header is empty or malformed.</summary>
    internal static string? HostPart(string? hostHeader)
    {
        var value = hostHeader?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            return close > 1 ? value[1..close] : null;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon switch
        {
            0 => null,
            > 0 => value[..colon],
            _ => value,
        };
    }
}
