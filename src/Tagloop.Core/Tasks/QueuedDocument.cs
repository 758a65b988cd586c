using Tagloop.Core.Documents;

namespace Tagloop.Core.Tasks;

/// <summary>
/// A document served by the task queue; <paramref name="SkippedBefore"/> when the annotator skipped it and it came back
/// because nothing else was left; <paramref name="RelabelReason"/> when a change to the labels sent it back to be
/// labelled again, and why; <paramref name="Independent"/> when it is an overlap document, answered independently by
/// several people (the model's guess, learnt from someone's answer, is then not shown); <paramref name="Assigned"/> when
/// an owner set it aside for this annotator.
/// </summary>
public sealed record QueuedDocument(Document Document, bool SkippedBefore, string? RelabelReason = null, bool Independent = false, bool Assigned = false);
