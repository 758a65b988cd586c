using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class CrfModelFileTests
{
    [Fact]
    public void A_tagger_with_a_gazetteer_and_token_vectors_round_trips_to_identical_tags_and_marginals()
    {
        var train = SyntheticSentences.Generate(120, seed: 71, half: 0);
        var gazetteer = new Gazetteer([(["Acme", "Corp"], "ORG"), (["Paris"], "LOC"), (["Paris"], "PER"), (["New", "York"], "LOC")]);
        var vectors = new LengthVectors();
        var options = new CrfOptions(Variance: 1, MaxIterations: 60, Features: new TokenFeatureOptions(HashBits: 16, Window: 1, Gazetteer: gazetteer, Vectors: vectors));
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], options);

        var bytes = Save(model, "length-2");
        var loaded = CrfModelFile.Load(new MemoryStream(bytes), vectors, "length-2");

        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Features.Options with { Gazetteer = null }, loaded.Features.Options with { Gazetteer = null });
        Assert.Equal(gazetteer.Count, loaded.Features.Options.Gazetteer!.Count);
        Assert.Equal(gazetteer.MaxLength, loaded.Features.Options.Gazetteer.MaxLength);
        Assert.Equal(model.Optimisation, loaded.Optimisation);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
        foreach (var sentence in SyntheticSentences.Generate(40, seed: 72, half: 1).Append(new TaggedSentence(["Paris", "and", "New", "York"], ["O", "O", "O", "O"])))
        {
            var a = model.Decode(sentence.Tokens);
            var b = loaded.Decode(sentence.Tokens);
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal(a.Marginals, b.Marginals);
            Assert.Equal(a.BestPathLogProbability, b.BestPathLogProbability);
            Assert.Equal(a.Spans, b.Spans);
        }

        // Saving the loaded model gives the same bytes.
        Assert.Equal(bytes, Save(loaded, "length-2"));
    }

    [Fact]
    public void A_loaded_tagger_can_be_updated_and_the_update_saved()
    {
        var examples = SyntheticSentences.Generate(50, seed: 73, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var options = new CrfOptions(MaxIterations: 30);
        var loaded = CrfModelFile.Load(new MemoryStream(Save(CrfTrainer.Train(examples, options))));
        examples.Add(CrfExample.Full(new TaggedSentence(["Quetzal", "works", "for", "Acme", "Inc"], ["B-PER", "O", "O", "B-ORG", "I-ORG"])));
        var updated = CrfTrainer.Update(loaded, examples, options);
        var again = CrfModelFile.Load(new MemoryStream(Save(updated)));
        Assert.Equal(updated.Decode(["Quetzal", "visited", "Paris"]).Marginals, again.Decode(["Quetzal", "visited", "Paris"]).Marginals);
    }

    [Fact]
    public void Cut_damaged_foreign_and_other_format_files_are_refused_saying_so()
    {
        var model = CrfTrainer.Train([.. SyntheticSentences.Generate(30, seed: 74, half: 0).Select(s => CrfExample.Full(s))], new CrfOptions(MaxIterations: 10));
        var bytes = Save(model);

        for (var cut = 0; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 50))
        {
            var error = Assert.Throws<InvalidDataException>(() => CrfModelFile.Load(new MemoryStream(bytes[..cut])));
            Assert.True(error.Message.Contains("cut short", StringComparison.Ordinal) || error.Message.Contains("not a Tagloop", StringComparison.Ordinal), error.Message);
        }

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => CrfModelFile.Load(new MemoryStream(flipped))).Message, StringComparison.Ordinal);

        var future = (byte[])bytes.Clone();
        future[4] = 3;
        Assert.Contains("format 3", Assert.Throws<InvalidDataException>(() => CrfModelFile.Load(new MemoryStream(future))).Message, StringComparison.Ordinal);

        Assert.Contains("not a Tagloop", Assert.Throws<InvalidDataException>(() => CrfModelFile.Load(new MemoryStream("{\"tags\": []}"u8.ToArray()))).Message, StringComparison.Ordinal);

        var huge = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(huge.AsSpan(8), int.MaxValue);
        Assert.Contains("cut short", Assert.Throws<InvalidDataException>(() => CrfModelFile.Load(new MemoryStream(huge))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_vectors_must_be_given_again_with_their_dimension_and_name()
    {
        var options = new CrfOptions(MaxIterations: 10, Features: new TokenFeatureOptions(Vectors: new LengthVectors()));
        var model = CrfTrainer.Train([.. SyntheticSentences.Generate(30, seed: 75, half: 0).Select(s => CrfExample.Full(s))], options);
        Assert.Throws<ArgumentNullException>(() => CrfModelFile.Save(new MemoryStream(), model));
        var bytes = Save(model, "length-2");

        Assert.Contains("length-2", Assert.Throws<ArgumentException>(() => CrfModelFile.Load(new MemoryStream(bytes))).Message, StringComparison.Ordinal);
        Assert.Contains("2-dimensional", Assert.Throws<ArgumentException>(() => CrfModelFile.Load(new MemoryStream(bytes), new WideVectors())).Message, StringComparison.Ordinal);
        Assert.Contains("'glove-100d'", Assert.Throws<ArgumentException>(() => CrfModelFile.Load(new MemoryStream(bytes), new LengthVectors(), "glove-100d")).Message, StringComparison.Ordinal);
        var plain = Save(CrfTrainer.Train([.. SyntheticSentences.Generate(30, seed: 75, half: 0).Select(s => CrfExample.Full(s))], new CrfOptions(MaxIterations: 10)));
        Assert.Contains("without token vectors", Assert.Throws<ArgumentException>(() => CrfModelFile.Load(new MemoryStream(plain), new LengthVectors())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tagger_with_word_clusters_round_trips_with_them()
    {
        var train = SyntheticSentences.Generate(120, seed: 76, half: 0);
        // Clusters over the generated sentences' lower-cased words, from made-up vectors: first letter and length.
        var words = train.SelectMany(s => s.Tokens).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var vectors = words.SelectMany(w => new[] { (w[0] - 'a') / 26f, w.Length / 10f, 1f }).ToArray();
        var clusters = WordClusters.Build(words, vectors, 3, [4, 16], seed: 2);
        var options = new CrfOptions(MaxIterations: 40, Features: new TokenFeatureOptions(HashBits: 16, Clusters: clusters, ClusterWindow: 2));
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], options);

        var bytes = Save(model);
        var loaded = CrfModelFile.Load(new MemoryStream(bytes));
        Assert.Equal(model.Features.Options with { Clusters = null }, loaded.Features.Options with { Clusters = null });
        Assert.Equal(2, loaded.Features.Options.ClusterWindow);
        Assert.Equal(clusters.Granularities, loaded.Features.Options.Clusters!.Granularities);
        Assert.All(words, w => Assert.Equal(clusters.ClusterOf(w, 1), loaded.Features.Options.Clusters.ClusterOf(w, 1)));
        foreach (var sentence in SyntheticSentences.Generate(30, seed: 77, half: 1))
        {
            Assert.Equal(model.Decode(sentence.Tokens).Marginals, loaded.Decode(sentence.Tokens).Marginals);
        }

        Assert.Equal(bytes, Save(loaded));
    }

    [Fact]
    public void A_format_1_file_is_still_read()
    {
        var model = CrfTrainer.Train([.. SyntheticSentences.Generate(40, seed: 78, half: 0).Select(s => CrfExample.Full(s))], new CrfOptions(MaxIterations: 20));
        using var old = new MemoryStream();
        CrfModelFile.Save(old, model, null, format: 1);
        var bytes = old.ToArray();
        Assert.Equal(1, BitConverter.ToInt32(bytes, 4));
        Assert.Equal(bytes.Length + 2, Save(model).Length); // format 2 adds two bytes: "no document features", "no clusters"
        var loaded = CrfModelFile.Load(new MemoryStream(bytes));
        Assert.Null(loaded.Features.Options.Clusters);
        Assert.Equal(model.Decode(["Anna", "visited", "Paris"]).Marginals, loaded.Decode(["Anna", "visited", "Paris"]).Marginals);
    }

    private static byte[] Save(LinearChainCrf model, string? vectorsName = null)
    {
        using var stream = new MemoryStream();
        CrfModelFile.Save(stream, model, vectorsName);
        return stream.ToArray();
    }

    private sealed class LengthVectors : ITokenVectors
    {
        public int Dimension => 2;

        public bool TryCopy(string token, Span<float> destination)
        {
            destination[0] = token.Length / 10f;
            destination[1] = char.IsUpper(token[0]) ? 1f : 0f;
            return token.Length > 1;
        }
    }

    private sealed class WideVectors : ITokenVectors
    {
        public int Dimension => 3;

        public bool TryCopy(string token, Span<float> destination) => false;
    }
}
