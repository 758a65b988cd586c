using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class SifEncoderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-vectors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_compact_vector_file_round_trips_words_and_values()
    {
        var path = Path.Combine(folder, "v.vec");
        WordVectors.Write(path, ["über", "cat"], [[1f, 2f, 3f], [-1f, 0.5f, 0f]]);
        using var vectors = WordVectors.Open(path);
        Assert.Equal(3, vectors.Dimension);
        Assert.Equal(2, vectors.Count);
        var v = new float[3];
        Assert.True(vectors.TryCopy("über", v));
        Assert.Equal([1f, 2f, 3f], v);
        Assert.True(vectors.TryCopy("cat", v));
        Assert.Equal([-1f, 0.5f, 0f], v);
        Assert.False(vectors.TryCopy("dog", v));
    }

    [Fact]
    public void A_file_of_another_kind_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(folder, "bad.vec");
        File.WriteAllText(path, "this is not a vector file at all");
        var error = Assert.Throws<InvalidDataException>(() => WordVectors.Open(path));
        Assert.Contains("not a Tagloop word-vector file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentences_get_unit_vectors_and_similar_sentences_are_closer()
    {
        var path = Path.Combine(folder, "v.vec");
        // Two topics (animals along x, money along y) and a word shared by everything along z.
        WordVectors.Write(path, ["the", "cat", "dog", "bank", "cash"], [[0, 0, 1], [1, 0.1f, 0], [0.9f, 0, 0.1f], [0, 1, 0], [0.1f, 0.9f, 0]]);
        using var vectors = WordVectors.Open(path);
        var corpus = new[] { "the cat", "the dog", "the bank", "the cash", "the cat and the dog", "the bank and the cash" };
        var sif = SifEncoder.Fit(vectors, corpus);
        var output = new float[4 * 3];
        sif.Encode(["the cat", "the dog", "the bank", "unknown words only"], output);
        var cat = output.AsSpan(0, 3);
        Assert.Equal(1f, TensorPrimitives.Norm(cat), 1e-4f);
        Assert.True(TensorPrimitives.Dot(cat, output.AsSpan(3, 3)) > TensorPrimitives.Dot(cat, output.AsSpan(6, 3)));
        Assert.Equal(0f, TensorPrimitives.Norm(output.AsSpan(9, 3)));
    }
}
