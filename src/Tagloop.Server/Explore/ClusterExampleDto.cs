namespace Tagloop.Server.Explore;

/// <summary>A central document of a group, its text cut to <see cref="ExploreEndpoints.ExampleLength"/> characters.</summary>
public sealed record ClusterExampleDto(long DocumentId, string Text);
