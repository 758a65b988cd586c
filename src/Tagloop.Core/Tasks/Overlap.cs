namespace Tagloop.Core.Tasks;

/// <summary>
/// Which documents several people answer independently, for agreement: a fixed share of the corpus, chosen by a hash of
/// each document's shuffle key, so the same documents stay chosen across restarts and a larger share includes a smaller one.
/// </summary>
public static class Overlap
{
    public const int MinAnswers = 2;
    public const int MaxAnswers = 10;

    public static bool Includes(long shuffleKey, double share)
    {
        if (share <= 0)
        {
            return false;
        }

        if (share >= 1)
        {
            return true;
        }

        // The shuffle key orders the queue; a multiplicative hash decorrelates the choice from that order.
        var mixed = unchecked((ulong)shuffleKey * 0x9E3779B97F4A7C15UL);
        return (mixed >> 11) * (1.0 / (1UL << 53)) < share;
    }
}
