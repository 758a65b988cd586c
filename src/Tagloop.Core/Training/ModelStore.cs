using Tagloop.Learning.Serialization;

namespace Tagloop.Core.Training;

/// <summary>
/// Keeps the latest evaluated model of each project as a file (<c>project-{id}.tlm</c>, <see cref="ModelFile"/>'s
/// format) in one folder, written to a temporary file and renamed over the old one, so a reader never sees half a file.
/// </summary>
public sealed class ModelStore(string directory)
{
    public string PathOf(int projectId) => Path.Combine(directory, $"project-{projectId}.tlm");

    /// <summary>Deletes a deleted project's model file (the trainer, which alone saves, is idle then).</summary>
    public void DeleteProject(int projectId) => ProjectFiles.Delete(directory, projectId);

    public void Save(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Write(snapshot.ProjectId, stream => ModelFile.Save(stream, new SavedModel(snapshot.Classes, snapshot.Encoder, snapshot.Classifier)));
    }

    /// <summary>
    /// Saves a span-tagging project's tagger (<see cref="Tagloop.Learning.Spans.CrfModelFile"/>, a format of its own),
    /// naming the token vectors it was trained with (the vectors themselves stay in their own file).
    /// </summary>
    public void Save(SpanModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Write(snapshot.ProjectId, stream => Tagloop.Learning.Spans.CrfModelFile.Save(stream, snapshot.Tagger, snapshot.Features.VectorsName));
    }

    /// <summary>Writes a temporary file beside the target, flushed to disk, then moves it over the target in one step.</summary>
    private void Write(int projectId, Action<Stream> save)
    {
        Directory.CreateDirectory(directory);
        var target = PathOf(projectId);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                save(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The tagger a span-tagging project saved, or null when there is none or the file is not a readable tagger (a
    /// classification model's file, or damaged: it is only a warm start, the answers are what the tagger is refitted from),
    /// or saved with other token vectors than <paramref name="features"/>' (or with vectors, and there are none now).
    /// </summary>
    public Tagloop.Learning.Spans.LinearChainCrf? LoadTagger(int projectId, TaggerFeatureSet? features = null)
    {
        var path = PathOf(projectId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return Tagloop.Learning.Spans.CrfModelFile.Load(stream, features?.Features.Vectors, features?.VectorsName);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The saved model of a project, or null when none has been saved.</summary>
    public SavedModel? Load(int projectId)
    {
        var path = PathOf(projectId);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return ModelFile.Load(stream);
    }
}
