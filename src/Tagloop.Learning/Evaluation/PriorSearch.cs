using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Evaluation;

/// <summary>
/// Out-of-fold predictions at the prior precision (one λ for sparse and dense weights) that gives the given labels the
/// highest held-out likelihood, walking a half-decade grid from λ = 1 while the loss falls. The project's model is fitted
/// with a weak prior (λ = 0.01), which classifies well from few clean labels; with labels that may be wrong it fits the
/// wrong ones too, and the out-of-fold probabilities that confident learning reads are then blurred. Held-out
/// likelihood of the given (noisy) labels is the criterion because it needs no clean labels: with labels flipped at
/// random, the model that predicts them best is the one nearest the clean posterior, transformed.
/// </summary>
/// <param name="Predictions">The out-of-fold predictions at the chosen precision.</param>
/// <param name="PriorPrecision">The chosen λ.</param>
/// <param name="Losses">Every λ tried with its held-out mean negative log-likelihood of the given labels, in the order tried.</param>
public sealed record PriorSearch(HeldOutPredictions Predictions, double PriorPrecision, IReadOnlyList<(double PriorPrecision, double Loss)> Losses)
{
    /// <summary>The grid's bounds, as powers of √10: λ from 0.01 to 100.</summary>
    public const int LowestStep = -4;

    public const int HighestStep = 4;

    /// <summary>The chosen λ as its step on the grid: λ = 10^(Step/2).</summary>
    public int Step { get; init; }

    /// <summary>
    /// Runs <paramref name="folds"/>-fold cross-validation at λ = 10^(s/2), s from 0 up or down while the held-out loss
    /// falls (within <see cref="LowestStep"/>..<see cref="HighestStep"/>); null when there are fewer rows than folds.
    /// </summary>
    public static PriorSearch? Run(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, int folds = 5) =>
        Run(x, labels, classes, options, folds, 0);

    /// <summary>
    /// As <see cref="Run(FeatureRows, IReadOnlyList{int}, int, BayesianSoftmaxOptions, int)"/>, walking from
    /// λ = 10^(<paramref name="startStep"/>/2) (the step chosen last time, so that a project's search usually costs three
    /// cross-validations: there and either side).
    /// </summary>
    public static PriorSearch? Run(FeatureRows x, IReadOnlyList<int> labels, int classes, BayesianSoftmaxOptions options, int folds, int startStep)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labels);
        var tried = new List<(double PriorPrecision, double Loss)>();
        var results = new Dictionary<int, (HeldOutPredictions Predictions, double Loss)>();
        (HeldOutPredictions Predictions, double Loss)? At(int step)
        {
            if (!results.TryGetValue(step, out var result))
            {
                var precision = Math.Pow(10, step / 2.0);
                var held = CrossValidation.Run(x, labels, classes, options with { PriorPrecision = precision, DensePriorPrecision = precision }, folds);
                if (held is null)
                {
                    return null;
                }

                result = (held, Loss(held));
                results[step] = result;
                tried.Add((precision, result.Loss));
            }

            return result;
        }

        var first = Math.Clamp(startStep, LowestStep, HighestStep);
        if (At(first) is not { } start)
        {
            return null;
        }

        var best = first;
        var bestLoss = start.Loss;
        foreach (var direction in new[] { 1, -1 })
        {
            for (var step = best + direction; step >= LowestStep && step <= HighestStep; step += direction)
            {
                var loss = At(step)!.Value.Loss;
                if (loss >= bestLoss)
                {
                    break;
                }

                (best, bestLoss) = (step, loss);
            }

            if (best != first)
            {
                break;
            }
        }

        return new PriorSearch(results[best].Predictions, Math.Pow(10, best / 2.0), tried) { Step = best };
    }

    /// <summary>The mean negative log-likelihood of the given labels under the held-out predictive probabilities.</summary>
    public static double Loss(HeldOutPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var p = predictions.Probabilities();
        var k = predictions.Classes;
        var total = 0.0;
        for (var i = 0; i < predictions.Labels.Length; i++)
        {
            total -= Math.Log(Math.Max(1e-12, p[(i * k) + predictions.Labels[i]]));
        }

        return predictions.Labels.Length == 0 ? 0 : total / predictions.Labels.Length;
    }
}
