namespace Tagloop.Core.Training;

/// <summary>
/// The cross-validated predictions of a single-label model for its labelled documents: for each, the class it was
/// trained on (<see cref="Given"/>) and the probabilities from the fold that did not see it — what the model thinks of
/// an answer without having learnt it. Rows are documents, in <see cref="DocumentIds"/> order.
/// </summary>
public sealed record OutOfFold(long[] DocumentIds, int[] Given, float[] Probabilities, int Classes)
{
    /// <summary>The most probable class of a row.</summary>
    public int Predicted(int row)
    {
        var best = 0;
        for (var c = 1; c < Classes; c++)
        {
            if (Probabilities[(row * Classes) + c] > Probabilities[(row * Classes) + best])
            {
                best = c;
            }
        }

        return best;
    }
}
