namespace Tagloop.Learning.Loop;

/// <summary>
/// When the loop cross-validates and recalibrates: from <see cref="MinimumLabels"/> labels, after every change while
/// the labels are few (it costs little and the figures move most), then whenever they have grown by a tenth. The
/// server and the simulation follow the same schedule, so what is measured is what users get.
/// </summary>
public static class EvaluationSchedule
{
    public const int MinimumLabels = 10;

    public const int EveryChangeBelow = 200;

    public static bool IsDue(int labels, int? lastEvaluatedAt) =>
        labels >= MinimumLabels
        && (lastEvaluatedAt is not { } last || (labels < EveryChangeBelow ? labels != last : labels >= last * 1.1 || labels < last));
}
