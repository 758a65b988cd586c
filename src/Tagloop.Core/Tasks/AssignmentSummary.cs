namespace Tagloop.Core.Tasks;

/// <summary>An assignment with how many documents it holds now and how many of them the assignee has still to answer.</summary>
public sealed record AssignmentSummary(Assignment Assignment, int Documents, int Open);
