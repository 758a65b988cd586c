namespace Tagloop.Core.Training.Difficulty;

/// <summary>How hard one label is for the model: its held-out F1 now and as the labels grew, its support, the label it is most often mistaken for, and a note when something should be done.</summary>
public sealed record LabelAssessment(
    string Label,
    int Support,
    double F1,
    IReadOnlyList<LabelCurvePoint> Curve,
    ConfusedPartner? ConfusedWith,
    LabelNote? Note);
