namespace Tagloop.Learning.Explore;

/// <summary>A small counter-based generator (SplitMix64): a stream per (seed, epoch, row), cheap to create.</summary>
internal struct MapRandom
{
    private ulong _state;

    public MapRandom(int seed, long stream, long substream = 0)
    {
        _state = Mix((ulong)(uint)seed ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL) ^ Mix((ulong)substream * 0xBF58476D1CE4E5B9UL + 1));
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, bound).</summary>
    public int Next(int bound) => (int)(((NextULong() >> 32) * (ulong)bound) >> 32);

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (NextULong() >> 40) * (1f / (1 << 24));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
