namespace Tagloop.Learning.WeakSupervision;

/// <summary>English function words (lower case, apostrophes split off as keyword rules split them), never suggested as keywords on their own.</summary>
internal static class StopWords
{
    public static IReadOnlySet<string> English { get; } = new HashSet<string>(
        """
        a about above after again against all am an and any are as at be because been before being below between both
        but by can could did do does doing don down during each few for from further had has have having he her here
        hers herself him himself his how i if in into is it its itself just ll me more most my myself no nor not now of
        off on once only or other our ours ourselves out over own re s same she should so some such t than that the their
        theirs them themselves then there these they this those through to too under until up ve very was we were what
        when where which while who whom why will with would you your yours yourself yourselves d m o y isn aren wasn
        weren hasn haven hadn doesn didn won wouldn shan shouldn can't couldn mustn needn also get got im u ur
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);
}
