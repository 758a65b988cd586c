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
    /// <remarks>A load that fails (a full disk while extracting, a damaged file) is not remembered: the next call tries again.</remarks>
    public IDenseTextEncoder Get(string name)
    {
        var entry = loaded.GetOrAdd(name, n => new Lazy<IDenseTextEncoder>(() => TextEncoderCatalog.OpenDense(n, resources), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            loaded.TryRemove(new KeyValuePair<string, Lazy<IDenseTextEncoder>>(name, entry));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var encoder in loaded.Values.Where(l => l.IsValueCreated))
        {
            encoder.Value.Dispose();
        }
    }
}
