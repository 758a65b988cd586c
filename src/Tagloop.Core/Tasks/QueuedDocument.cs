using Tagloop.Core.Documents;

namespace Tagloop.Core.Tasks;

/// <summary>A document served by the task queue; <paramref name="SkippedBefore"/> when the annotator skipped it and it came back because nothing else was left.</summary>
public sealed record QueuedDocument(Document Document, bool SkippedBefore);
