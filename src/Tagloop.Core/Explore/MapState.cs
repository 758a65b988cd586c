namespace Tagloop.Core.Explore;

/// <summary>Where a project's map stands: ready (with the map), being computed, waiting for the sentence model, or unavailable — with a sentence saying so.</summary>
public sealed record MapState(string Status, string Message, CorpusMap? Map)
{
    public const string Ready = "ready";
    public const string Computing = "computing";
    public const string Encoding = "encoding";
    public const string Unavailable = "unavailable";
}
