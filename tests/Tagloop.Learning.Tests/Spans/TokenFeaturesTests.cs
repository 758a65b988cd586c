using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class TokenFeaturesTests
{
    [Fact]
    public void Feature_ids_are_a_fixed_hash_that_does_not_depend_on_the_process()
    {
        // Expected buckets computed independently (Python: FNV-1a 64 over "name\x1fvalue", SplitMix64 finaliser, low 20 bits).
        var features = new TokenFeatures().Extract(["Paris"]);
        var ids = features.Token(0).ToArray();
        Assert.Equal(649968, ids[0]); // bias
        Assert.Equal(10616, ids[1]); // w=Paris
        Assert.Contains(1007330, ids); // w[-1]=<s>
    }

    [Fact]
    public void The_same_word_shares_its_word_feature_but_not_its_context_features()
    {
        var extractor = new TokenFeatures();
        var a = extractor.Extract(["He", "visited", "Paris"]).Token(2).ToArray();
        var b = extractor.Extract(["Paris", "is", "big"]).Token(0).ToArray();
        Assert.Equal(a[1], b[1]);
        Assert.NotEqual(a.ToHashSet(), b.ToHashSet());
        Assert.Equal(a, new TokenFeatures().Extract(["He", "visited", "Paris"]).Token(2).ToArray());
    }

    [Theory]
    [InlineData("Washington", false, "Xxxxx")]
    [InlineData("Washington", true, "Xx")]
    [InlineData("1996", false, "dddd")]
    [InlineData("1996-08-22", true, "d-d-d")]
    [InlineData("U.S.", false, "X.X.")]
    [InlineData("U.S.", true, "X.X.")]
    [InlineData("iPhone", false, "xXxxxx")]
    public void Word_shapes_map_case_and_digits(string word, bool collapse, string expected) => Assert.Equal(expected, TokenFeatures.Shape(word, collapse));

    [Fact]
    public void Without_affixes_and_bigrams_there_are_fewer_features()
    {
        string[] tokens = ["Peter", "Blackburn", "said"];
        var full = new TokenFeatures().Extract(tokens);
        var plain = new TokenFeatures(new TokenFeatureOptions(Affixes: false, Bigrams: false, Window: 0)).Extract(tokens);
        // Token 1 "Blackburn": bias, w, lw, sh, ss, cap = 6 plain; + 8 affixes, 2 bigrams, and the neighbours: two
        // real ones with word, lower case and shape, two past the ends with one boundary marker each.
        Assert.Equal(6, plain.Token(1).Length);
        Assert.Equal(6 + 8 + 2 + (3 + 3 + 1 + 1), full.Token(1).Length);
    }

    [Fact]
    public void A_gazetteer_match_marks_its_start_inside_and_end_case_insensitively()
    {
        var gazetteer = Gazetteer.FromSentences([new TaggedSentence(["in", "New", "York", "City"], ["O", "B-LOC", "I-LOC", "I-LOC"])]);
        Assert.Equal(1, gazetteer.Count);
        var with = new TokenFeatures(new TokenFeatureOptions(Gazetteer: gazetteer));
        var without = new TokenFeatures();
        string[] tokens = ["NEW", "YORK", "CITY", "rain"];
        Assert.Equal([new TokenSpan(0, 3, "LOC")], gazetteer.Matches(tokens));
        var a = with.Extract(tokens);
        var b = without.Extract(tokens);
        for (var t = 0; t < 3; t++)
        {
            Assert.Equal(b.Token(t).Length + 1, a.Token(t).Length);
        }

        Assert.Equal(b.Token(3).Length, a.Token(3).Length);
        Assert.NotEqual(a.Token(0)[^1], a.Token(1)[^1]);
        Assert.NotEqual(a.Token(1)[^1], a.Token(2)[^1]);
    }

    [Fact]
    public void Token_vectors_become_dense_rows_with_zeros_for_unknown_tokens()
    {
        var extractor = new TokenFeatures(new TokenFeatureOptions(Vectors: new TwoWords()));
        var features = extractor.Extract(["Paris", "zzz", "BERLIN"]);
        Assert.Equal(2, features.DenseWidth);
        Assert.Equal([1f, 2f], features.DenseRow(0).ToArray());
        Assert.Equal([0f, 0f], features.DenseRow(1).ToArray());
        Assert.Equal([3f, 4f], features.DenseRow(2).ToArray());
    }

    [Fact]
    public void Bad_options_name_the_field() =>
        Assert.Equal("HashBits", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenFeatures(new TokenFeatureOptions(HashBits: 40))).ParamName);

    private sealed class TwoWords : ITokenVectors
    {
        public int Dimension => 2;

        public bool TryCopy(string token, Span<float> destination)
        {
            float[]? v = token switch { "Paris" => [1f, 2f], "berlin" => [3f, 4f], _ => null };
            v?.CopyTo(destination);
            return v is not null;
        }
    }
}
