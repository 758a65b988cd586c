using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class ClusterTermsTests
{
    private static readonly string[] Texts =
    [
        "The football match ended with a late goal.",
        "A goal in the last minute of the match, and the football crowd went wild.",
        "The match was a dull football game until the goal.",
        "Football fans saw a goal and a red card in the match.",
        "The stock market fell and the shares of a bank dropped.",
        "Shares rose on the stock market after a report.",
        "The market for stock in a tech firm's shares was calm.",
        "Investors sold the shares as a stock market slid.",
    ];

    private static readonly int[] Clusters = [0, 0, 0, 0, 1, 1, 1, 1];

    [Fact]
    public void Each_cluster_is_described_by_its_own_words_and_common_words_fall_out()
    {
        var terms = ClusterTerms.Describe(Texts, Clusters, 2, top: 3);
        Assert.Equal(["football", "goal", "match"], terms[0].Select(t => t.Term));
        Assert.Equal(["market", "shares", "stock"], terms[1].Select(t => t.Term));
        Assert.All(terms[0], t => Assert.Equal(4, t.Documents));

        // "the" and "a" are in every document of both clusters: they score 0 and are never listed.
        var all = ClusterTerms.Describe(Texts, Clusters, 2, top: 100, minDocuments: 1);
        Assert.DoesNotContain(all.SelectMany(c => c), t => t.Term is "the" or "a");
        Assert.All(all, cluster => Assert.Equal(cluster.OrderByDescending(t => t.Score).ThenBy(t => t.Term, StringComparer.Ordinal), cluster));

        // Each of the three ties with p(t|c) = 1, p(t) = 1/2: score ln 2, ties broken by ordinal order.
        Assert.All(terms.SelectMany(c => c), t => Assert.Equal(Math.Log(2), t.Score, 12));
    }

    [Fact]
    public void Function_words_and_bare_numbers_gathered_in_one_cluster_by_chance_are_not_listed()
    {
        // "in" and "with" are in every recipe and in nothing else, as are the recipe numbers: they would top the list.
        string[] texts =
        [
            "Recipe 1: simmer the lasagne in olive oil with garlic.", "Recipe 2: simmer the stew in olive oil with garlic.",
            "Recipe 3: simmer the curry in olive oil with garlic.", "The court held the landlord breached the contract.",
            "The court held the tenant breached the lease.", "The court dismissed the appeal of the tenant.",
        ];
        var terms = ClusterTerms.Describe(texts, [0, 0, 0, 1, 1, 1], 2, top: 10);
        Assert.Equal(["garlic", "oil", "olive", "recipe", "simmer"], terms[0].Select(t => t.Term));
        Assert.DoesNotContain(terms.SelectMany(c => c), t => t.Term is "in" or "with" or "the" or "1");
    }

    [Fact]
    public void The_minimum_document_count_skips_words_of_a_single_document_and_empty_clusters_get_no_terms()
    {
        var terms = ClusterTerms.Describe(Texts, Clusters, 3, top: 50, minDocuments: 2);
        Assert.DoesNotContain(terms[0], t => t.Term == "card");
        Assert.Empty(terms[2]);
        var loose = ClusterTerms.Describe(Texts, Clusters, 2, top: 50, minDocuments: 1);
        Assert.Contains(loose[0], t => t.Term == "card");

        // The same input gives the same lists.
        Assert.Equal(loose[1], ClusterTerms.Describe(Texts, Clusters, 2, top: 50, minDocuments: 1)[1]);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_argument()
    {
        Assert.Equal("assignments", Assert.Throws<ArgumentException>(() => ClusterTerms.Describe(Texts, [0, 1], 2)).ParamName);
        Assert.Equal("texts", Assert.Throws<ArgumentException>(() => ClusterTerms.Describe([], [], 2)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTerms.Describe(Texts, Clusters, 0)).ParamName);
        Assert.Equal("top", Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTerms.Describe(Texts, Clusters, 2, top: 0)).ParamName);
        Assert.Equal("assignments", Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTerms.Describe(Texts, [0, 0, 0, 0, 1, 1, 1, 2], 2)).ParamName);
    }
}
