using System.Text.Json;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests;

/// <summary>Reads the shared labelled corpora (../shared/datasets beside the repository, or the copies in tests/shared).</summary>
internal static class Datasets
{
    public static string? Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                // ../shared beside the repository, else the copies committed under tests/shared (tests/shared/README.md).
                var path = System.IO.Path.Combine([dir.FullName, "..", "shared", .. parts]);
                var copy = System.IO.Path.Combine([dir.FullName, "tests", "shared", .. parts]);
                return File.Exists(path) ? System.IO.Path.GetFullPath(path) : File.Exists(copy) ? copy : null;
            }
        }

        return null;
    }

    public static (List<string> Texts, List<string> Labels) Read(params string[] parts)
    {
        var texts = new List<string>();
        var labels = new List<string>();
        foreach (var line in File.ReadLines(Path(parts)!))
        {
            using var row = JsonDocument.Parse(line);
            texts.Add(row.RootElement.GetProperty("text").GetString()!);
            labels.Add(row.RootElement.GetProperty("label").GetString()!);
        }

        return (texts, labels);
    }

    /// <summary>TREC's six coarse classes, TF-IDF fitted on its training texts: both splits encoded, labels as class indices (classes in ordinal order).</summary>
    public static EncodedCorpus TrecTfidf()
    {
        var (trainTexts, trainLabels) = Read("datasets", "trec", "train.jsonl");
        var (testTexts, testLabels) = Read("datasets", "trec", "test.jsonl");
        var classes = trainLabels.Distinct().Order(StringComparer.Ordinal).ToList();
        var encoder = HashedTfidfEncoder.Fit(trainTexts);
        return new EncodedCorpus(
            encoder, encoder.Encode(trainTexts), encoder.Encode(testTexts),
            [.. trainLabels.Select(l => classes.IndexOf(l))], [.. testLabels.Select(l => classes.IndexOf(l))], classes.Count);
    }
}

/// <summary>A labelled corpus encoded for a test: the training and test rows and their classes.</summary>
internal sealed record EncodedCorpus(HashedTfidfEncoder Encoder, SparseMatrix Train, SparseMatrix Test, int[] TrainClasses, int[] TestClasses, int Classes);
