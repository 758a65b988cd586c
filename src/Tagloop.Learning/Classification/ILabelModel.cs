using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Classification;

/// <summary>A trained text classifier as the rest of Tagloop sees it: probabilities per label, calibrated or not.</summary>
public interface ILabelModel
{
    int Classes { get; }

    /// <summary>True when each label is a yes/no question of its own (probabilities need not sum to one).</summary>
    bool MultiLabel { get; }

    /// <summary>Rows × classes: for single-label models each row sums to one; for multi-label ones, the chance each label applies.</summary>
    void PredictProbabilities(FeatureRows x, Span<float> output);
}
