namespace Tagloop.Learning.Acquisition;

/// <summary>
/// How <see cref="QueueRanker"/> builds the head of the queue: its size, the cosine similarity above which two picks
/// count as near-duplicates, and the cold-start rule (diverse and class-seeking picks until every class has
/// <see cref="ColdStartPerClass"/> labels).
/// </summary>
public sealed record RankingOptions(int Batch = 10, float NearDuplicate = 0.9f, bool ColdStart = true, int ColdStartPerClass = 3);
