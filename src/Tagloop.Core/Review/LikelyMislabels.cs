using System.Runtime.CompilerServices;
using Tagloop.Core.Training;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Review;

/// <summary>
/// The answers the model confidently disagrees with, by confident learning over its out-of-fold predictions (the
/// model never learnt the answer it judges), most suspicious first. Worked out once per evaluated model (its
/// <see cref="OutOfFold"/> is immutable), not on every page of the review queue or Browse.
/// </summary>
public static class LikelyMislabels
{
    private static readonly ConditionalWeakTable<OutOfFold, IReadOnlyList<SuspectedAnswer>> Found = [];

    public static IReadOnlyList<SuspectedAnswer> From(OutOfFold? outOfFold) =>
        outOfFold is null || outOfFold.DocumentIds.Length == 0 ? [] : Found.GetValue(outOfFold, Find);

    private static IReadOnlyList<SuspectedAnswer> Find(OutOfFold outOfFold)
    {
        var found = ConfidentLearning.Find(outOfFold.Probabilities, outOfFold.Given, outOfFold.Classes);
        return [.. found.Select(s => new SuspectedAnswer(
            outOfFold.DocumentIds[s.Row], s.Given, s.Suggested, outOfFold.Probabilities[(s.Row * outOfFold.Classes) + s.Suggested]))];
    }
}
