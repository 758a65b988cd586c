namespace Tagloop.Server.Explore;

/// <summary>The groups of the project's documents at k (chosen automatically unless asked for), with the map's status.</summary>
public sealed record ClustersDto(string Status, string Message, int K, bool Automatic, int Seed, IReadOnlyList<ClusterDto> Clusters);
