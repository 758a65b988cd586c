namespace Tagloop.Learning.Acquisition;

/// <summary>
/// How <see cref="QueueRanker"/> builds the head of the queue: its size, the cosine similarity above which two picks
/// count as near-duplicates, and the cold-start rule (class-seeking picks until every class has
/// <see cref="ColdStartPerClass"/> labels, alternating with diverse picks while the project has fewer than
/// <see cref="YoungLabels"/> labels, or twice the quotas when that is more, and with the strategy's after).
/// </summary>
public sealed record RankingOptions(int Batch = 10, float NearDuplicate = 0.9f, bool ColdStart = true, int ColdStartPerClass = 3, int YoungLabels = 200);
