namespace Tagloop.Learning.Acquisition;

/// <summary>Uniform random sampling: the baseline every other strategy must beat.</summary>
public sealed class RandomStrategy : IAcquisitionStrategy
{
    public string Name => "random";

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var random = new Random(seed);
        for (var i = 0; i < input.Rows; i++)
        {
            scores[i] = (float)random.NextDouble();
        }
    }
}
