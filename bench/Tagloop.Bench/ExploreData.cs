using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tagloop.Learning.Encoders;
using Tagloop.Pretrained;

namespace Tagloop.Bench;

/// <summary>
/// The texts and vectors the Explore benches share: labelled data sets from the shared folder, GloVe-SIF vectors, and
/// MiniLM vectors cached as raw floats under tagloop-data/bench-cache/explore (not in git; keyed by a hash of the
/// texts, so a changed corpus is encoded again).
/// </summary>
internal static class ExploreData
{
    /// <summary>The texts of the named files of a data set and their gold labels as ids (labels in ordinal order).</summary>
    public static (List<string> Texts, int[] Gold) Labelled(string datasets, string name, params string[] files)
    {
        var texts = new List<string>();
        var labels = new List<string>();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(Path.Combine(datasets, name, file)))
            {
                using var row = JsonDocument.Parse(line);
                texts.Add(row.RootElement.GetProperty("text").GetString()!);
                labels.Add(row.RootElement.GetProperty("label").GetString()!);
            }
        }

        var ids = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        return (texts, [.. labels.Select(l => ids[l])]);
    }

    /// <summary>GloVe-SIF sentence vectors fitted on the texts themselves (n × the word vectors' dimension).</summary>
    public static (float[] Rows, int Dimension) Sif(WordVectors vectors, IReadOnlyList<string> texts)
    {
        var sif = SifEncoder.Fit(vectors, texts);
        var rows = new float[texts.Count * sif.Dimension];
        sif.Encode(texts, rows);
        return (rows, sif.Dimension);
    }

    /// <summary>MiniLM vectors of the texts (n × 384), from the cache when it holds them; seconds is 0 when cached.</summary>
    public static (float[] Rows, double Seconds) MiniLm(string root, string name, IReadOnlyList<string> texts)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0001', texts))))[..16];
        var folder = Directory.CreateDirectory(Path.Combine(root, "tagloop-data", "bench-cache", "explore")).FullName;
        var path = Path.Combine(folder, $"{name}-minilm-{hash}.f32");
        if (File.Exists(path) && new FileInfo(path).Length == (long)texts.Count * MiniLmModel.Dimension * sizeof(float))
        {
            return (MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray(), 0);
        }

        var clock = Stopwatch.StartNew();
        var rows = Encode(root, texts);
        var seconds = clock.Elapsed.TotalSeconds;
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, MemoryMarshal.AsBytes(rows.AsSpan()).ToArray());
        File.Move(temporary, path, overwrite: true);
        return (rows, seconds);
    }

    /// <summary>MiniLM vectors as the project's minilm encoder makes them (batches of 8), never cached.</summary>
    public static float[] Encode(string root, IReadOnlyList<string> texts)
    {
        var model = MiniLmModel.Extract(MiniLmModel.FolderIn(Path.Combine(root, "tagloop-data")));
        using var encoder = new OnnxSentenceEncoder(model, new OnnxSentenceEncoderOptions { BatchSize = 8 });
        var rows = new float[texts.Count * MiniLmModel.Dimension];
        encoder.Encode(texts, rows);
        return rows;
    }

    /// <summary>
    /// Real texts for timing the map: every distinct text of AG News (test), SST-2, Rotten Tomatoes, TREC, SMS spam,
    /// YouTube spam and CoNLL-2003 (sentences), then the paragraphs (5 words or more) of the SpamAssassin mails, in that
    /// order, and while there are fewer than <paramref name="count"/>, single lines of 5 words or more from the mails;
    /// shuffled with a fixed seed, the first <paramref name="count"/>.
    /// </summary>
    public static List<string> RealCorpus(string datasets, int count)
    {
        var files = new (string Set, string[] Files)[]
        {
            ("ag_news", ["test.jsonl"]), ("sst2", ["train.jsonl", "dev.jsonl", "test.jsonl"]), ("rotten_tomatoes", ["all.jsonl"]),
            ("trec", ["train.jsonl", "test.jsonl"]), ("sms_spam", ["all.jsonl"]), ("youtube_spam", ["all.jsonl"]),
            ("conll2003", ["train.jsonl", "dev.jsonl", "test.jsonl"]),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        void Add(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length > 0 && seen.Add(trimmed))
            {
                texts.Add(trimmed);
            }
        }

        foreach (var (set, names) in files)
        {
            foreach (var file in names)
            {
                foreach (var line in File.ReadLines(Path.Combine(datasets, set, file)))
                {
                    using var row = JsonDocument.Parse(line);
                    if (row.RootElement.TryGetProperty("text", out var text))
                    {
                        Add(text.GetString()!);
                    }
                    else if (row.RootElement.TryGetProperty("tokens", out var tokens))
                    {
                        Add(string.Join(' ', tokens.EnumerateArray().Select(t => t.GetString())));
                    }
                }
            }
        }

        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(datasets, "spamassassin", file)))
            {
                using var row = JsonDocument.Parse(line);
                foreach (var paragraph in row.RootElement.GetProperty("text").GetString()!.Split("\n\n"))
                {
                    if (paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length >= 5)
                    {
                        Add(paragraph);
                    }
                }
            }
        }

        // Not yet enough: single lines of 5 words or more from the mails, in order, until there are.
        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(datasets, "spamassassin", file)))
            {
                using var row = JsonDocument.Parse(line);
                foreach (var mailLine in row.RootElement.GetProperty("text").GetString()!.Split('\n'))
                {
                    if (texts.Count < count && mailLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length >= 5)
                    {
                        Add(mailLine);
                    }
                }
            }
        }

        new Random(1).Shuffle(CollectionsMarshal.AsSpan(texts));
        return texts.Count > count ? texts[..count] : texts;
    }
}
