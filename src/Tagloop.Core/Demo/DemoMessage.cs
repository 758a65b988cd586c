namespace Tagloop.Core.Demo;

/// <summary>One decoded e-mail of the demo corpus with the corpus's own label (spam or ham) and group.</summary>
public sealed record DemoMessage(string Text, string Label, string Group, string FileName);
