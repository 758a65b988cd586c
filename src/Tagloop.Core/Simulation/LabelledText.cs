namespace Tagloop.Core.Simulation;

/// <summary>A text with its true label, as the simulate command reads it.</summary>
public sealed record LabelledText(string Text, string Label);
