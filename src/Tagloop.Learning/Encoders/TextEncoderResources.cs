namespace Tagloop.Learning.Encoders;

/// <summary>Files some encoders need: the GloVe vectors (Tagloop's compact file) and a user's ONNX model folder (<c>model.onnx</c> + <c>vocab.txt</c>).</summary>
public sealed record TextEncoderResources(string? WordVectorsPath = null, string? OnnxModelDirectory = null);
