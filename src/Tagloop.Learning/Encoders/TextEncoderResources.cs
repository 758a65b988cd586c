namespace Tagloop.Learning.Encoders;

/// <summary>
/// Files some encoders need: the GloVe vectors (Tagloop's compact file), a user's ONNX model folder (<c>model.onnx</c> +
/// <c>vocab.txt</c>), and the folder all-MiniLM-L6-v2 is extracted into on first use (a data folder's <c>models/minilm</c>).
/// </summary>
public sealed record TextEncoderResources(string? WordVectorsPath = null, string? OnnxModelDirectory = null, string? MiniLmCacheDirectory = null);
