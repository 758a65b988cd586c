using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Projects;

/// <summary>What a user asks for when creating a project.</summary>
/// <param name="Encoder">What the model reads documents with (<c>minilm+tfidf</c>, <c>minilm</c> or <c>tfidf</c>); the best measured one when left out.</param>
public sealed record NewProject(
    string? Name,
    string? Task,
    bool MultiLabel,
    IReadOnlyList<NewLabel>? Labels,
    string? Guidelines,
    string? Encoder = null);
