using Tagloop.Core.Training;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Review;

/// <summary>
/// The answers the model confidently disagrees with, by confident learning over its out-of-fold predictions (the
/// model never learnt the answer it judges), most suspicious first.
/// </summary>
public static class LikelyMislabels
{
    public static IReadOnlyList<SuspectedAnswer> From(OutOfFold? outOfFold)
    {
        if (outOfFold is null || outOfFold.DocumentIds.Length == 0)
        {
            return [];
        }

        var found = ConfidentLearning.Find(outOfFold.Probabilities, outOfFold.Given, outOfFold.Classes);
        return [.. found.Select(s => new SuspectedAnswer(
            outOfFold.DocumentIds[s.Row], s.Given, s.Suggested, outOfFold.Probabilities[(s.Row * outOfFold.Classes) + s.Suggested]))];
    }
}
