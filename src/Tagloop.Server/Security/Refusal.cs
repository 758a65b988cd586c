namespace Tagloop.Server.Security;

/// <summary>Why the guard refused a request: the status, a title and a detail for the problem, and the kind of check.</summary>
public sealed record Refusal(int Status, string Title, string Detail, RefusalReason Reason);
