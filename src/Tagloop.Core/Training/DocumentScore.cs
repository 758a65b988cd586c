namespace Tagloop.Core.Training;

/// <summary>What the model thinks of one unlabelled document: its guess, how sure it is, and why the document is worth asking about.</summary>
public sealed record DocumentScore(string Label, double Confidence, string Reason);
