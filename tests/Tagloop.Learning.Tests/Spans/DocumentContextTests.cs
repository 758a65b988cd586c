using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class DocumentContextTests
{
    private static readonly string[][] Document =
    [
        ["Rain", "fell", "in", "Paris"],
        ["PARIS", "IS", "WET"],
        ["Paris", "was", "rainy"],
        ["Bill", "paid", "the", "bill"],
    ];

    [Fact]
    public void A_word_is_judged_by_how_the_rest_of_the_document_writes_it()
    {
        var context = DocumentContext.Of(Document);

        // Sentence-initial "Paris": title-cased inside a sentence elsewhere (sentence 1), never in lower case.
        Assert.Equal((true, false), context.Elsewhere("Paris", 0, sentenceInDocument: true));
        // The headline's "PARIS" likewise.
        Assert.Equal((true, false), context.Elsewhere("PARIS", 0, sentenceInDocument: true));
        // "Paris" inside sentence 1 is the only title-cased inside occurrence: not counted as "elsewhere".
        Assert.Equal((false, false), context.Elsewhere("Paris", 3, sentenceInDocument: true));
        // Sentence-initial "Bill": in lower case elsewhere ("the bill").
        Assert.Equal((false, true), context.Elsewhere("Bill", 0, sentenceInDocument: true));
        // "Rain" and a word the document lacks: nothing elsewhere.
        Assert.Equal((false, false), context.Elsewhere("Rain", 0, sentenceInDocument: true));
        Assert.Equal((false, false), context.Elsewhere("Berlin", 2, sentenceInDocument: true));
    }

    [Fact]
    public void Document_features_are_added_only_when_switched_on_and_follow_the_document()
    {
        var context = DocumentContext.Of(Document);
        var with = new TokenFeatures(new TokenFeatureOptions(DocumentCase: true));
        var without = new TokenFeatures();
        var mask = with.Buckets - 1;
        string[] headline = ["PARIS", "IS", "WET"];

        var a = with.Extract(headline, context);
        Assert.Equal(without.Extract(headline, context).Token(0).Length + 2, a.Token(0).Length);
        Assert.Contains(FeatureHash.Of("doc|own", "XX|T-", mask), a.Token(0).ToArray());
        Assert.Contains(FeatureHash.Of("doc", "T-", mask), a.Token(0).ToArray());

        // Alone (no document), the headline says nothing about how Paris is written elsewhere.
        var alone = with.Extract(headline).Token(0).ToArray();
        Assert.Contains(FeatureHash.Of("doc|own", "XX|--", mask), alone);

        // The switch off: the context is ignored.
        Assert.Equal(without.Extract(headline).Token(0).ToArray(), without.Extract(headline, context).Token(0).ToArray());
    }

    [Fact]
    public void A_tagger_trained_with_documents_uses_them_when_tagging_and_keeps_the_switch_in_its_file()
    {
        var train = SyntheticSentences.Generate(80, seed: 81, half: 0);
        var context = DocumentContext.Of(train.Select(s => s.Tokens));
        var options = new CrfOptions(MaxIterations: 30, Features: new TokenFeatureOptions(HashBits: 16, DocumentCase: true));
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s).WithDocument(context))], options);
        using var stream = new MemoryStream();
        CrfModelFile.Save(stream, model);
        stream.Position = 0;
        var loaded = CrfModelFile.Load(stream);
        Assert.True(loaded.Features.Options.DocumentCase);
        var sentence = train[3].Tokens;
        Assert.Equal(model.Decode(sentence, context).Marginals, loaded.Decode(sentence, context).Marginals);
        Assert.NotEqual(model.Decode(sentence, context).Marginals, model.Decode(sentence).Marginals);
    }
}
