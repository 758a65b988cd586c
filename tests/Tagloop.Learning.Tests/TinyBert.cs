using System.Text.Json;

namespace Tagloop.Learning.Tests;

/// <summary>The random-weight tiny BERT fixture in ../shared/fixtures/tiny-bert-onnx and its reference.json.</summary>
internal sealed class TinyBert
{
    public const string Folder = "fixtures";
    public const string Name = "tiny-bert-onnx";

    private TinyBert(string directory, JsonElement root)
    {
        Directory = directory;
        Sentences = [.. root.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()!)];
        Tokens = [.. root.GetProperty("tokens").EnumerateArray().Select(Strings)];
        InputIds = [.. root.GetProperty("input_ids").EnumerateArray().Select(Ints)];
        Embeddings = [.. root.GetProperty("embeddings").EnumerateArray().Select(e => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray())];
        ExtraCases = [.. root.GetProperty("extra_tokenizer_cases").EnumerateArray()
            .Select(c => new TokenizerCase(c.GetProperty("text").GetString()!, Strings(c.GetProperty("tokens")), Ints(c.GetProperty("input_ids"))))];
        HiddenSize = root.GetProperty("hidden_size").GetInt32();
    }

    public string Directory { get; }

    public string ModelPath => Path.Combine(Directory, "model.onnx");

    public string VocabPath => Path.Combine(Directory, "vocab.txt");

    public IReadOnlyList<string> Sentences { get; }

    public IReadOnlyList<string[]> Tokens { get; }

    public IReadOnlyList<int[]> InputIds { get; }

    public IReadOnlyList<float[]> Embeddings { get; }

    public IReadOnlyList<TokenizerCase> ExtraCases { get; }

    public int HiddenSize { get; }

    public static TinyBert Load()
    {
        var reference = Datasets.Path(Folder, Name, "reference.json")
            ?? throw new InvalidOperationException("the tiny-bert-onnx fixture is absent");
        using var document = JsonDocument.Parse(File.ReadAllText(reference));
        return new TinyBert(System.IO.Path.GetDirectoryName(reference)!, document.RootElement);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(t => t.GetString()!)];

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(t => t.GetInt32())];

    public sealed record TokenizerCase(string Text, string[] Tokens, int[] InputIds);
}
