using System.Numerics.Tensors;
using Tagloop.Pretrained;

namespace Tagloop.Learning.Tests.Encoders;

/// <summary>The real all-MiniLM-L6-v2, run by Tagloop's own ONNX encoder and tokeniser.</summary>
public sealed class MiniLmEncoderTests(MiniLmFixture minilm) : IClassFixture<MiniLmFixture>
{
    private const string Question = "How do I reset my password?";
    private const string Paraphrase = "I forgot my password, how can I change it?";
    private const string Unrelated = "The weather in Paris is sunny today";

    private static readonly string[] Texts =
    [
        Question,
        Paraphrase,
        Unrelated,
        "Win a FREE holiday!!! Text WIN to 80082 now to claim your prize.",
        "Who wrote the novel War and Peace?",
        "Can you send me the minutes of yesterday's meeting before lunch? I want to check the budget figures once more.",
    ];

    [Fact]
    public void Embeddings_have_384_dimensions_and_unit_norm()
    {
        Assert.Equal(MiniLmModel.Dimension, minilm.Encoder.Dimension);
        Assert.Equal(384, minilm.Encoder.Dimension);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], minilm.Encoder.InputNames);
        foreach (var vector in minilm.Encoder.Encode(Texts))
        {
            Assert.Equal(384, vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(vector), 1e-5f);
        }
    }

    [Fact]
    public void A_paraphrase_is_much_closer_than_an_unrelated_sentence()
    {
        var vectors = minilm.Encoder.Encode([Question, Paraphrase, Unrelated]);
        var paraphrase = TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        var unrelated = TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]);

        Assert.True(paraphrase > 0.6f, $"paraphrase similarity {paraphrase:0.000}");
        Assert.True(unrelated < 0.2f, $"unrelated similarity {unrelated:0.000}");
        Assert.True(paraphrase - unrelated > 0.5f, $"paraphrase {paraphrase:0.000} vs unrelated {unrelated:0.000}");
    }

    [Fact]
    public void Identical_inputs_give_identical_vectors()
    {
        var first = minilm.Encoder.Encode(Texts);
        var second = minilm.Encoder.Encode(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
        }

        var twice = minilm.Encoder.Encode([Question, Question]);
        Assert.Equal(twice[0], twice[1]);
    }

    [Fact]
    public void A_batch_agrees_with_one_text_at_a_time_within_1e_5()
    {
        var batch = minilm.Encoder.Encode(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var alone = minilm.Encoder.Encode([Texts[i]])[0];
            var worst = 0f;
            for (var j = 0; j < alone.Length; j++)
            {
                worst = Math.Max(worst, Math.Abs(alone[j] - batch[i][j]));
            }

            Assert.True(worst <= 1e-5f, $"text {i}: largest difference {worst:G3}");
        }
    }
}
