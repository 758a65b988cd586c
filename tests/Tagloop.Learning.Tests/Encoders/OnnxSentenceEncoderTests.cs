using System.Numerics.Tensors;
using System.Text;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Encoders;

public sealed class OnnxSentenceEncoderTests : IDisposable
{
    private const float Tolerance = 1e-4f;
    private static readonly OnnxSentenceEncoderOptions TwoThreads = new() { IntraOpNumThreads = 2 };

    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-onnx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void The_model_directory_gives_the_declared_inputs_width_and_length()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], encoder.InputNames);
        Assert.Equal(bert.HiddenSize, encoder.Dimension);
        Assert.Equal(128, encoder.MaxSequenceLength);
        Assert.Equal(1412, encoder.Tokenizer.VocabularySize);
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void Reference_token_ids_one_at_a_time_give_the_reference_embeddings()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.ModelPath, bert.VocabPath, TwoThreads);
        var output = new float[encoder.Dimension];
        for (var i = 0; i < bert.InputIds.Count; i++)
        {
            encoder.EncodeTokenIds([bert.InputIds[i]], output);
            AssertEmbedding($"sentence {i}", bert.Embeddings[i], output);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void Reference_token_ids_in_one_padded_batch_give_the_reference_embeddings()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads);
        var d = encoder.Dimension;
        var output = new float[bert.InputIds.Count * d];
        encoder.EncodeTokenIds(bert.InputIds, output);
        for (var i = 0; i < bert.InputIds.Count; i++)
        {
            AssertEmbedding($"sentence {i} (batch of {bert.InputIds.Count})", bert.Embeddings[i], output.AsSpan(i * d, d));
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void Texts_one_at_a_time_give_the_reference_embeddings()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads);
        for (var i = 0; i < bert.Sentences.Count; i++)
        {
            var vectors = encoder.Encode([bert.Sentences[i]]);
            AssertEmbedding($"sentence {i}", bert.Embeddings[i], vectors[0]);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void Texts_of_mixed_length_in_one_batch_give_the_reference_embeddings()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads);
        var vectors = encoder.Encode(bert.Sentences);
        Assert.Equal(bert.Sentences.Count, vectors.Length);
        for (var i = 0; i < bert.Sentences.Count; i++)
        {
            AssertEmbedding($"sentence {i} (batch of {bert.Sentences.Count})", bert.Embeddings[i], vectors[i]);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void Small_batches_sorted_by_length_return_rows_in_the_callers_order()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads with { BatchSize = 4 });
        int[] picks = [5, 0, 4, 4, 1, 3, 2, 5, 0, 3, 1];
        var vectors = encoder.Encode([.. picks.Select(i => bert.Sentences[i])]);
        for (var k = 0; k < picks.Length; k++)
        {
            AssertEmbedding($"row {k} (sentence {picks[k]}, batches of 4)", bert.Embeddings[picks[k]], vectors[k]);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void A_500_word_text_is_cut_to_128_tokens_and_encoded()
    {
        var bert = TinyBert.Load();
        using var encoder = new OnnxSentenceEncoder(bert.Directory, TwoThreads);
        var text = string.Join(' ', Enumerable.Repeat("the old fisherman walked slowly along the quiet river", 56));
        var ids = encoder.Tokenizer.Encode(text, encoder.MaxSequenceLength);
        Assert.Equal(128, ids.Length);
        Assert.Equal(encoder.Tokenizer.SeparatorId, ids[^1]);
        var vectors = encoder.Encode([text, bert.Sentences[0]]);
        Assert.Equal(1f, TensorPrimitives.Norm(vectors[0]), 1e-5f);
        var expected = new float[encoder.Dimension];
        encoder.EncodeTokenIds([ids], expected);
        AssertEmbedding("the cut text", expected, vectors[0]);
        AssertEmbedding("the short text beside it", bert.Embeddings[0], vectors[1]);
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "model.onnx")]
    public void A_directory_with_a_bad_vocabulary_is_refused_clearly()
    {
        var bert = TinyBert.Load();
        File.Copy(bert.ModelPath, Path.Combine(folder, "model.onnx"));
        var lines = File.ReadAllLines(bert.VocabPath);
        lines[500] = lines[400];
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), lines);
        var error = Assert.Throws<InvalidDataException>(() => new OnnxSentenceEncoder(folder, TwoThreads));
        Assert.Contains($"duplicate token '{lines[400]}' on line 501 (id 500)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var absent = Path.Combine(folder, "absent");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new OnnxSentenceEncoder(absent));
        Assert.Contains(absent, error.Message, StringComparison.Ordinal);

        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]);
        var model = Path.Combine(folder, "model.onnx");
        var missingModel = Assert.Throws<FileNotFoundException>(() => new OnnxSentenceEncoder(folder));
        Assert.Contains(model, missingModel.Message, StringComparison.Ordinal);

        File.WriteAllBytes(model, IdentityModel());
        var vocab = Path.Combine(folder, "other-vocab.txt");
        var missingVocab = Assert.Throws<FileNotFoundException>(() => new OnnxSentenceEncoder(model, vocab));
        Assert.Contains(vocab, missingVocab.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_the_expected_inputs_is_refused_listing_what_it_has()
    {
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), IdentityModel());
        var error = Assert.Throws<InvalidDataException>(() => new OnnxSentenceEncoder(folder, TwoThreads));
        Assert.Contains("no input 'input_ids'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pixels (Float [1, 3])", error.Message, StringComparison.Ordinal);
    }

    private static void AssertEmbedding(string name, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= Tolerance, $"{name}: largest component difference {worst:G3} exceeds {Tolerance:G3}");
        Assert.Equal(1f, TensorPrimitives.Norm(actual), 1e-5f);
    }

    /// <summary>A valid ONNX model (protobuf written by hand) that is not a text encoder: pixels → Identity → scores.</summary>
    private static byte[] IdentityModel()
    {
        static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];
        static byte[] Bytes(int field, byte[] value) => [.. Varint((ulong)((field << 3) | 2)), .. Varint((ulong)value.Length), .. value];
        static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));
        static byte[] Number(int field, ulong value) => [.. Varint((ulong)(field << 3)), .. Varint(value)];
        static byte[] Tensor(string name) => Message(
            Text(1, name),
            Bytes(2, Bytes(1, Message(Number(1, 1), Bytes(2, Message(Bytes(1, Number(1, 1)), Bytes(1, Number(1, 3))))))));

        var node = Message(Text(1, "pixels"), Text(2, "scores"), Text(4, "Identity"));
        var graph = Message(Bytes(1, node), Text(2, "identity"), Bytes(11, Tensor("pixels")), Bytes(12, Tensor("scores")));
        return Message(Number(1, 7), Bytes(7, graph), Bytes(8, Message(Text(1, ""), Number(2, 14))));
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
