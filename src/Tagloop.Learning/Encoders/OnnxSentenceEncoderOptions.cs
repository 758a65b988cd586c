using Tagloop.Learning.Text;

namespace Tagloop.Learning.Encoders;

/// <summary>Settings of <see cref="OnnxSentenceEncoder"/>.</summary>
public sealed record OnnxSentenceEncoderOptions
{
    /// <summary>
    /// Tokens per text, [CLS] and [SEP] included; longer texts are cut. Null: the model's metadata
    /// (max_seq_length, model_max_length or max_position_embeddings, or a fixed sequence axis), else 128.
    /// </summary>
    public int? MaxSequenceLength { get; init; }

    /// <summary>Texts per model run.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Threads inside one operator; null: <see cref="Environment.ProcessorCount"/>.</summary>
    public int? IntraOpNumThreads { get; init; }

    /// <summary>Tokeniser settings; null: BERT-uncased.</summary>
    public WordPieceTokenizerOptions? Tokenizer { get; init; }
}
