using System.Numerics.Tensors;
using Tagloop.Learning.Text;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Smooth-inverse-frequency sentence embeddings (Arora, Liang and Ma 2017, "A simple but tough-to-beat baseline"):
/// a weighted mean of word vectors with weight a / (a + p(w)), p from the corpus, then the projection on the
/// corpus's first principal component removed, then L2-normalised.
/// </summary>
public sealed class SifEncoder
{
    public const string EncoderName = "glove-sif";

    private readonly WordVectors vectors;
    private readonly Dictionary<string, float> weights;
    private readonly float[] component;
    private readonly float defaultWeight;

    private SifEncoder(WordVectors vectors, Dictionary<string, float> weights, float defaultWeight, float[] component)
    {
        this.vectors = vectors;
        this.weights = weights;
        this.defaultWeight = defaultWeight;
        this.component = component;
    }

    public int Dimension => vectors.Dimension;

    /// <summary>Learns word frequencies and the common component from the project's own corpus.</summary>
    public static SifEncoder Fit(WordVectors vectors, IReadOnlyList<string> corpus, float a = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(corpus);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var text in corpus)
        {
            foreach (var token in WordTokenizer.Tokenize(text))
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
                total++;
            }
        }

        var weights = counts.ToDictionary(kv => kv.Key, kv => a / (a + ((float)kv.Value / Math.Max(1, total))), StringComparer.Ordinal);
        var unweighted = new SifEncoder(vectors, weights, a / (a + (1f / Math.Max(1, total))), new float[vectors.Dimension]);

        // The first principal component of the (uncentred) sentence vectors, by power iteration on a sample.
        var sample = corpus.Count <= 20_000 ? corpus : [.. corpus.Where((_, i) => i % (corpus.Count / 20_000 + 1) == 0)];
        var embedded = new float[sample.Count * vectors.Dimension];
        unweighted.EncodeRaw(sample, embedded);
        var component = PrincipalComponent(embedded, sample.Count, vectors.Dimension);
        return new SifEncoder(vectors, weights, unweighted.defaultWeight, component);
    }

    /// <summary>Writes one unit-length row per text (zeros when no word is known).</summary>
    public void Encode(IReadOnlyList<string> texts, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var d = Dimension;
        EncodeRaw(texts, output);
        for (var i = 0; i < texts.Count; i++)
        {
            var row = output.Slice(i * d, d);
            var projection = TensorPrimitives.Dot(row, component);
            TensorPrimitives.MultiplyAdd(component, -projection, row, row);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    private void EncodeRaw(IReadOnlyList<string> texts, Span<float> output)
    {
        var d = Dimension;
        var word = new float[d];
        for (var i = 0; i < texts.Count; i++)
        {
            var row = output.Slice(i * d, d);
            row.Clear();
            var total = 0f;
            foreach (var token in WordTokenizer.Tokenize(texts[i]))
            {
                if (vectors.TryCopy(token, word))
                {
                    var weight = weights.GetValueOrDefault(token, defaultWeight);
                    TensorPrimitives.MultiplyAdd(word, weight, row, row);
                    total += weight;
                }
            }

            if (total > 0)
            {
                TensorPrimitives.Divide(row, total, row);
            }
        }
    }

    private static float[] PrincipalComponent(float[] rows, int count, int d)
    {
        var v = new float[d];
        v.AsSpan().Fill(1f / MathF.Sqrt(d));
        var next = new float[d];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            Array.Clear(next);
            for (var i = 0; i < count; i++)
            {
                var row = rows.AsSpan(i * d, d);
                TensorPrimitives.MultiplyAdd(row, TensorPrimitives.Dot(row, v), next, next);
            }

            var norm = TensorPrimitives.Norm(next);
            if (norm == 0)
            {
                return new float[d];
            }

            TensorPrimitives.Divide(next, norm, next);
            (v, next) = (next, v);
        }

        return v;
    }
}
