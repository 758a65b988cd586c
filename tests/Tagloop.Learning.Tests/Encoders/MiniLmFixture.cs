using Tagloop.Learning.Encoders;
using Tagloop.Pretrained;

namespace Tagloop.Learning.Tests.Encoders;

/// <summary>all-MiniLM-L6-v2 extracted into a temporary folder and loaded once for a test class.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        Cache = Directory.CreateTempSubdirectory("tagloop-minilm-").FullName;
        Encoder = new OnnxSentenceEncoder(MiniLmModel.Extract(Cache), new OnnxSentenceEncoderOptions { IntraOpNumThreads = 2 });
    }

    public string Cache { get; }

    public OnnxSentenceEncoder Encoder { get; }

    public void Dispose()
    {
        Encoder.Dispose();
        Directory.Delete(Cache, recursive: true);
    }
}
