namespace Tagloop.Bench;

/// <summary>What a run of annotators measured: every <c>tasks/next</c> and every answer, and documents served twice.</summary>
internal sealed record LoadFigures(IReadOnlyList<TimedRequest> Next, IReadOnlyList<TimedRequest> Answers, int Duplicates);
