namespace Tagloop.Core.Annotations;

/// <summary>Told to listeners once an answer, skip or undo on a project has been committed.</summary>
public sealed record AnnotationsChanged(int ProjectId, DateTimeOffset At);
