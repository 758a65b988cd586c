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
    public void Out_of_fold_gazetteers_leave_each_folds_own_entities_out_and_a_training_sentence_reads_its_own()
    {
        IReadOnlyList<string> berlin = ["Berlin"];
        IReadOnlyList<string> anna = ["Anna", "Berg"];
        IReadOnlyList<string> oslo = ["Oslo"];
        var folds = Gazetteer.OutOfFold([(berlin, "LOC", 0), (anna, "PER", 1), (oslo, "LOC", 0), (oslo, "LOC", 1)], 2);
        Assert.Equal(2, folds.Length);
        Assert.Empty(folds[0].TypesOf(berlin, 0, 1)); // fold 0 labelled Berlin: its sentences do not see it
        Assert.Equal(["PER"], folds[0].TypesOf(anna, 0, 2));
        Assert.Equal(["LOC"], folds[1].TypesOf(berlin, 0, 1));
        Assert.Empty(folds[1].TypesOf(anna, 0, 2));
        Assert.Equal(["LOC"], folds[0].TypesOf(oslo, 0, 1)); // labelled in both folds: both see it
        Assert.Equal(["LOC"], folds[1].TypesOf(oslo, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gazetteer.OutOfFold([(berlin, "LOC", 2)], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gazetteer.OutOfFold([(berlin, "LOC", 0)], 1));

        // A sentence reads the gazetteer given to it instead of the options' one, and none when the options have none.
        var all = new Gazetteer([(berlin, "LOC")]);
        var with = new TokenFeatures(new TokenFeatureOptions(Gazetteer: all));
        string[] tokens = ["Berlin", "rain"];
        Assert.Equal(new TokenFeatures().Extract(tokens).Token(0).Length + 1, with.Extract(tokens).Token(0).Length);
        Assert.Equal(new TokenFeatures().Extract(tokens).Token(0).ToArray(), with.Extract(tokens, gazetteer: folds[0]).Token(0).ToArray());
        Assert.Equal(with.Extract(tokens).Token(0).ToArray(), with.Extract(tokens, gazetteer: folds[1]).Token(0).ToArray());
        Assert.Equal(new TokenFeatures().Extract(tokens).Token(0).ToArray(), new TokenFeatures().Extract(tokens, gazetteer: all).Token(0).ToArray());

        // Training reads the example's gazetteer; the model predicts with the options' one.
        var example = CrfExample.Full(new TaggedSentence(tokens, ["B-LOC", "O"])).WithGazetteer(folds[0]);
        Assert.Same(folds[0], example.WithWeight(2).Gazetteer);
        Assert.Same(folds[0], example.WithDocument(null).Gazetteer);
        var model = CrfTrainer.Train([example], new CrfOptions(Features: new TokenFeatureOptions(Gazetteer: all)));
        Assert.Same(all, model.Features.Options.Gazetteer);
        var noMatch = CrfTrainer.Train([CrfExample.Full(new TaggedSentence(tokens, ["B-LOC", "O"]))], new CrfOptions());
        Assert.Equal(noMatch.FeatureCount, model.FeatureCount); // the empty out-of-fold gazetteer added no feature in training
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
    public void Word_clusters_of_the_token_and_its_neighbours_become_features()
    {
        // paris and berlin point one way, monday and friday another: at 2 clusters the pairs split.
        string[] words = ["paris", "berlin", "monday", "friday"];
        float[] vectors = [1f, 0.1f, 0.9f, 0f, 0f, 1f, 0.1f, 0.9f];
        var clusters = WordClusters.Build(words, vectors, 2, [2], seed: 3);
        Assert.Equal(clusters.ClusterOf("paris", 0), clusters.ClusterOf("berlin", 0));
        Assert.NotEqual(clusters.ClusterOf("paris", 0), clusters.ClusterOf("monday", 0));

        var with = new TokenFeatures(new TokenFeatureOptions(Clusters: clusters, ClusterWindow: 1));
        var without = new TokenFeatures();
        string[] sentence = ["He", "visited", "Paris", "on", "Monday"];
        var a = with.Extract(sentence);
        var b = without.Extract(sentence);

        // "Paris": its own cluster, and "visited" and "on" have none (one "no cluster" feature each).
        Assert.Equal(b.Token(2).Length + 3, a.Token(2).Length);
        // "on": its neighbours' clusters (Paris, Monday) and its own "no cluster".
        Assert.Equal(b.Token(3).Length + 3, a.Token(3).Length);
        // "He": nothing to the left, "He" and "visited" have none.
        Assert.Equal(b.Token(0).Length + 2, a.Token(0).Length);

        // The cluster feature is the same for another word of the cluster, and differs for the other cluster.
        var own = a.Token(2).ToArray().Except(b.Token(2).ToArray()).ToHashSet();
        var berlin = with.Extract(["He", "visited", "Berlin", "on", "Monday"]).Token(2).ToArray();
        var friday = with.Extract(["He", "visited", "friday", "on", "Monday"]).Token(2).ToArray();
        Assert.Equal(3, own.Count(berlin.Contains));
        Assert.Equal(2, own.Count(friday.Contains));
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
