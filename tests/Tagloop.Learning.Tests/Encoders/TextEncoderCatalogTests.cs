using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class TextEncoderCatalogTests : IDisposable
{
    private static readonly string[] Corpus =
    [
        "How do I reset my password?",
        "I forgot my password, how can I change it?",
        "The weather in Paris is sunny today",
        "Who wrote the novel War and Peace?",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-catalog-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("minilm", "minilm")]
    [InlineData(" MiniLM+TFIDF ", "minilm+tfidf")]
    [InlineData("tfidf+minilm", "minilm+tfidf")]
    public void Minilm_names_normalise_to_their_canonical_form(string name, string canonical) =>
        Assert.Equal(canonical, TextEncoderCatalog.Normalise(name));

    [Fact]
    public void The_catalog_builds_minilm_and_minilm_tfidf_from_a_cache_folder()
    {
        var resources = new TextEncoderResources(MiniLmCacheDirectory: Path.Combine(folder, "models", "minilm"));

        var dense = TextEncoderCatalog.Fit("minilm", Corpus, resources);
        var joined = TextEncoderCatalog.Fit("tfidf+minilm", Corpus, resources);
        try
        {
            Assert.Equal("minilm", dense.Name);
            Assert.Equal(384, dense.Columns);
            var rows = dense.Encode(Corpus);
            Assert.Equal(Corpus.Length, rows.Rows);
            Assert.Null(rows.Sparse);
            Assert.Equal(384, rows.Dense!.Dimension);

            Assert.Equal("minilm+tfidf", joined.Name);
            Assert.True(joined.Columns > 384);
            var both = joined.Encode(Corpus);
            Assert.Equal(Corpus.Length, both.Rows);
            Assert.NotNull(both.Sparse);
            Assert.Equal(384, both.Dense!.Dimension);
            Assert.True(File.Exists(Path.Combine(folder, "models", "minilm", "model.onnx")));
        }
        finally
        {
            (dense as IDisposable)?.Dispose();
            (joined as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void Minilm_without_a_cache_folder_is_refused_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => TextEncoderCatalog.Fit("minilm+tfidf", Corpus, new TextEncoderResources()));
        Assert.Contains("minilm encoder needs a folder", error.Message, StringComparison.Ordinal);
    }
}
