namespace Tagloop.Learning.Acquisition;

/// <summary>Scores unlabelled rows by how much labelling them is worth; higher is better.</summary>
public interface IAcquisitionStrategy
{
    string Name { get; }

    /// <summary>Writes one score per row; <paramref name="seed"/> makes any randomness repeatable.</summary>
    void Score(AcquisitionInput input, Span<float> scores, int seed);
}
