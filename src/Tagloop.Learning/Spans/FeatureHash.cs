namespace Tagloop.Learning.Spans;

/// <summary>
/// FNV-1a (64-bit) over UTF-16 code units with a final avalanche, so a feature's bucket is the same in every process
/// and on every machine (string.GetHashCode is randomised per process).
/// </summary>
internal struct FeatureHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private ulong state;

    public FeatureHash(string name)
    {
        state = Offset;
        Add(name);
        Add('\u001f');
    }

    public void Add(char c)
    {
        state ^= c;
        state *= Prime;
    }

    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            state ^= c;
            state *= Prime;
        }
    }

    /// <summary>The full 64-bit hash, finalised.</summary>
    public readonly ulong Value
    {
        get
        {
            var z = state;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The bucket in [0, mask]; mask is a power of two minus one.</summary>
    public readonly int Bucket(int mask)
    {
        // SplitMix64's finaliser: the low bits of FNV alone spread short strings poorly.
        var z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        z ^= z >> 31;
        return (int)(z & (ulong)mask);
    }

    public static int Of(string name, ReadOnlySpan<char> value, int mask)
    {
        var h = new FeatureHash(name);
        h.Add(value);
        return h.Bucket(mask);
    }
}
