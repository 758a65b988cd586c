namespace Tagloop.Server.Explore;

/// <summary>
/// One page of the project's map. <c>status</c>: ready, computing (poll again), encoding (the sentence model is reading
/// the documents; poll again) or unavailable; <c>message</c> says it in words. Points only when ready.
/// </summary>
public sealed record MapDto(
    string Status, string Message, string? Encoder, int Seed, int Version, int K, int Total, int Page, int PageSize, IReadOnlyList<MapPointDto> Points);
