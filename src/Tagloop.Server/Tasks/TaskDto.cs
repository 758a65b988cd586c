using System.Text.Json;

namespace Tagloop.Server.Tasks;

/// <summary>The next document to annotate.</summary>
public sealed record TaskDto(long DocumentId, string Text, JsonElement? Meta);
