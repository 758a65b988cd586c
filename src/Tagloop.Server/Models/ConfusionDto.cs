namespace Tagloop.Server.Models;

/// <summary>A confusion matrix: <c>Matrix[i][j]</c> counts held-out documents labelled <c>Labels[i]</c> that the model predicted as <c>Labels[j]</c>.</summary>
public sealed record ConfusionDto(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Matrix);
