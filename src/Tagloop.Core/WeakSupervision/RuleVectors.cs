using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// The sentence vectors similarity rules compare documents with, one row per document of a <see cref="RuleCorpusSnapshot"/>
/// (a byte per dimension and a scale, copied out of the embeddings file so no map outlives a request), with the encoder
/// that made them to embed the rules' examples; or, when there are none at all, why. A document still waiting for its
/// vector reads as zeros, which no similarity rule matches.
/// </summary>
internal sealed class RuleVectors
{
    private RuleVectors(string key, DenseRows? rows, IDenseTextEncoder? encoder, string? missing)
    {
        Key = key;
        Rows = rows;
        Encoder = encoder;
        Missing = missing;
    }

    /// <summary>What the vectors were read for: the encoder and how many records its file held.</summary>
    public string Key { get; }

    public DenseRows? Rows { get; }

    public IDenseTextEncoder? Encoder { get; }

    /// <summary>Why similarity rules cannot run, when <see cref="Rows"/> is null.</summary>
    public string? Missing { get; }

    public static RuleVectors None(string key, string why) => new(key, null, null, why);

    /// <summary>Reads the records of <paramref name="view"/> that belong to the snapshot's documents.</summary>
    public static RuleVectors Read(string key, EmbeddingView view, IDenseTextEncoder encoder, RuleCorpusSnapshot corpus)
    {
        var rows = new QuantisedRows(corpus.Count, view.Dimension);
        var row = new float[view.Dimension];
        var present = 0;
        for (var record = 0; record < view.Ids.Length; record++)
        {
            var at = corpus.IndexOf(view.Ids[record]);
            if (at >= 0)
            {
                view.CopyRecord(record, row);
                rows.Set(at, row);
                present++;
            }
        }

        return present == 0
            ? None(key, $"No document of the project has its sentence vector ({encoder.Name}) yet; they are being computed, so try again shortly.")
            : new RuleVectors(key, new Quantised(rows), encoder, null);
    }

    private sealed class Quantised(QuantisedRows rows) : DenseRows
    {
        public override int Rows => rows.Rows;

        public override int Dimension => rows.Dimension;

        public override void CopyRow(int row, Span<float> destination) => rows.Row(row, destination);
    }
}
