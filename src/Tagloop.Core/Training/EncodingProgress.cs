using System.Collections.Concurrent;

namespace Tagloop.Core.Training;

/// <summary>
/// How far the encoding of each project's new documents has got, while it runs, by stage: <c>words</c> (their
/// term frequencies, quick) or a sentence model's name (their embeddings, slow). The slow one is the one to show.
/// </summary>
public sealed class EncodingProgress
{
    public const string Words = "words";

    private readonly ConcurrentDictionary<(int Project, string Stage), (int Done, int Total)> running = new();

    public void Report(int projectId, int done, int total, string stage = Words)
    {
        if (done >= total)
        {
            running.TryRemove((projectId, stage), out _);
        }
        else
        {
            running[(projectId, stage)] = (done, total);
        }
    }

    /// <summary>Documents encoded and to encode, or null when nothing is being encoded (the sentence model's stage first).</summary>
    public (int Done, int Total)? Of(int projectId) => Stage(projectId) is { } stage ? (stage.Done, stage.Total) : null;

    /// <summary>The stage under way with its counts: a sentence model's before words.</summary>
    public (string Stage, int Done, int Total)? Stage(int projectId)
    {
        (string, int, int)? words = null;
        foreach (var ((project, stage), (done, total)) in running)
        {
            if (project != projectId)
            {
                continue;
            }

            if (stage != Words)
            {
                return (stage, done, total);
            }

            words = (stage, done, total);
        }

        return words;
    }
}
