namespace Tagloop.Core.Tasks;

/// <summary>What an owner asks for: documents for <see cref="User"/>, chosen by ids, by a text search, by a metadata value, or by several of these.</summary>
public sealed record NewAssignment(string? User, IReadOnlyList<long>? DocumentIds, string? Search, string? MetaField, string? MetaValue, string? Note);
