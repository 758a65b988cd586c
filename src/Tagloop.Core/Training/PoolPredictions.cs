using System.Globalization;

namespace Tagloop.Core.Training;

/// <summary>
/// The model's predictive probabilities for every unlabelled document (rows × classes), with a row per document id.
/// Explanations are written only for the documents someone asks about, not for the whole pool at every refit, and a
/// document is found by binary search in the ascending ids: no per-refit index over a million documents.
/// </summary>
public sealed class PoolPredictions(long[] ids, float[] probabilities, int classes, string strategy, IReadOnlySet<long> coldStart, bool multiLabel = false)
{
    public int Count => ids.Length;

    /// <summary>The probabilities of one document, or empty when it is not in the pool.</summary>
    public ReadOnlySpan<float> Probabilities(long documentId)
    {
        var row = Array.BinarySearch(ids, documentId);
        return row >= 0 ? probabilities.AsSpan(row * classes, classes) : [];
    }

    public DocumentScore? Describe(long documentId, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var p = Probabilities(documentId);
        if (p.IsEmpty)
        {
            return null;
        }

        if (multiLabel)
        {
            return DescribeMultiLabel(documentId, p, names);
        }

        var best = 0;
        var second = -1;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                second = best;
                best = c;
            }
            else if (second < 0 || p[c] > p[second])
            {
                second = c;
            }
        }

        var margin = p[best] - (second >= 0 ? p[second] : 0);
        var unsure = margin < 0.2f && second >= 0;
        var reason = coldStart.Contains(documentId)
            ? "Early on, Tagloop picks varied documents and looks for examples of labels that have few so far."
            : strategy switch
            {
                "random" => "Picked at random (the project's setting), so the labels show the corpus as it is.",
                "k-center" => "Picked because it is unlike every document labelled so far.",
                "density" when unsure => $"The model is unsure between {names[best]} and {names[second]}, and many documents resemble this one.",
                "bald" when !unsure => $"The model leans to {names[best]}, but plausible models disagree; this label will teach it most.",
                _ when unsure => $"The model is unsure between {names[best]} and {names[second]}.",
                _ => $"The model leans to {names[best]}; this label is among the most informative left.",
            };
        return new DocumentScore(names[best], p[best], reason);
    }

    // Independent yes/no per label: the guess is every label at ½ or more (else the likeliest), and the doubt is the
    // label nearest to even odds.
    private DocumentScore DescribeMultiLabel(long documentId, ReadOnlySpan<float> p, IReadOnlyList<string> names)
    {
        var applies = new List<string>();
        var best = 0;
        var doubtful = 0;
        for (var c = 0; c < p.Length; c++)
        {
            if (p[c] >= 0.5f)
            {
                applies.Add(names[c]);
            }

            best = p[c] > p[best] ? c : best;
            doubtful = Math.Abs(p[c] - 0.5f) < Math.Abs(p[doubtful] - 0.5f) ? c : doubtful;
        }

        var guess = applies.Count > 0 ? string.Join(", ", applies) : names[best];
        var reason = coldStart.Contains(documentId)
            ? "Early on, Tagloop picks varied documents and looks for examples of labels that have few so far."
            : strategy == "random"
                ? "Picked at random (the project's setting), so the labels show the corpus as it is."
                : $"The model is least sure whether {names[doubtful]} applies ({p[doubtful].ToString("0%", CultureInfo.InvariantCulture)} yes).";
        return new DocumentScore(guess, applies.Count > 0 ? p[best] : 1 - p[best], reason);
    }
}
