using System.Numerics.Tensors;

namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Information density (Settles and Craven 2008): predictive entropy weighted by how typical the row is, its mean
/// cosine similarity to the whole pool (which, for unit vectors, is the dot product with the pool's mean vector).
/// Prefers uncertain rows from dense regions over uncertain outliers. Without embeddings it is plain entropy.
/// </summary>
public sealed class DensityStrategy(float beta = 1f) : IAcquisitionStrategy
{
    public string Name => "density";

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        new UncertaintyStrategy(UncertaintyMeasure.Entropy).Score(input, scores, seed);
        var geometry = input.Geometry;
        if (geometry is null || geometry.PoolRows == 0)
        {
            return;
        }

        var centre = new float[geometry.Dimension];
        var row = new float[geometry.Dimension];
        for (var i = 0; i < geometry.PoolRows; i++)
        {
            geometry.PoolRow(i, row);
            TensorPrimitives.Add(centre, row, centre);
        }

        TensorPrimitives.Divide(centre, geometry.PoolRows, centre);
        for (var i = 0; i < input.Rows; i++)
        {
            geometry.PoolRow(i, row);
            var similarity = MathF.Max(0f, TensorPrimitives.Dot(row, centre));
            scores[i] *= MathF.Pow(similarity, beta);
        }
    }
}
