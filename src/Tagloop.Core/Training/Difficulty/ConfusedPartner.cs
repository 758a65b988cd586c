namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// The label another one is most often mixed up with, held out: <see cref="Count"/> of its documents were guessed as
/// <see cref="Label"/> (<see cref="Share"/> of them), and <see cref="Back"/> of <see cref="Label"/>'s documents were
/// guessed as it.
/// </summary>
public sealed record ConfusedPartner(string Label, int Count, int Back, double Share);
