using System.Collections.Concurrent;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>
/// The dense text encoders a server has loaded, one per model, shared by every project that uses it: a model is
/// loaded on first use (MiniLM from the data folder's cache) and kept for the process's lifetime. Thread-safe.
/// </summary>
public sealed class DenseEncoders(TextEncoderResources resources) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IDenseTextEncoder>> loaded = new(StringComparer.Ordinal);

    /// <summary>The encoder named (the dense part of a project's encoder, such as <c>minilm</c>).</summary>
    public IDenseTextEncoder Get(string name) =>
        loaded.GetOrAdd(name, n => new Lazy<IDenseTextEncoder>(() => TextEncoderCatalog.OpenDense(n, resources), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public void Dispose()
    {
        foreach (var encoder in loaded.Values.Where(l => l.IsValueCreated))
        {
            encoder.Value.Dispose();
        }
    }
}
