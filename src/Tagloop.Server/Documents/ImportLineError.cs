namespace Tagloop.Server.Documents;

/// <summary>A bad line of an imported file and what is wrong with it.</summary>
public sealed record ImportLineError(long Line, string Message);
