namespace Tagloop.Learning.Acquisition;

/// <summary>Which uncertainty <see cref="UncertaintyStrategy"/> measures.</summary>
public enum UncertaintyMeasure
{
    LeastConfidence,
    Margin,
    Entropy,
}
