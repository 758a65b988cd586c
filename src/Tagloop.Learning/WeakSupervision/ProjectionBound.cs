using System.Numerics.Tensors;
using Tagloop.Learning.Classification;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// A cheap upper bound on the cosine of two documents: with P the projection onto an orthonormal basis of the
/// <see cref="Dimensions"/> directions documents vary most in (the leading eigenvectors of their second moment), unit
/// vectors a and b have a·b = Pa·Pb + (a − Pa)·(b − Pb) ≤ Pa·Pb + |a − Pa| |b − Pb| (Cauchy–Schwarz). Sentence
/// embeddings keep most of their length in few directions, so the bound is tight enough to skip most pairs before
/// their full dot product; <see cref="Slack"/> covers the rounding of single precision.
/// </summary>
internal sealed class ProjectionBound
{
    public const int Dimensions = 64;

    /// <summary>Added to every bound, so that rounding never makes it fall below the cosine it bounds.</summary>
    public const float Slack = 2e-3f;

    private const int SampleRows = 2048;

    private readonly float[] basis;
    private readonly int padded;

    private ProjectionBound(float[] basis, int padded)
    {
        this.basis = basis;
        this.padded = padded;
    }

    /// <summary>The basis fitted on a sample of the rows (unit length, zero-padded to <paramref name="padded"/>) that <paramref name="pack"/> writes.</summary>
    public static ProjectionBound Fit(int rows, int dimension, int padded, Action<int, Span<float>> pack, int seed)
    {
        var random = new Random(seed);
        var take = Math.Min(SampleRows, rows);
        var moment = new float[dimension * dimension];
        var row = new float[padded];
        for (var s = 0; s < take; s++)
        {
            pack(take == rows ? s : random.Next(rows), row);
            var x = row.AsSpan(0, dimension);
            for (var a = 0; a < dimension; a++)
            {
                if (x[a] != 0)
                {
                    TensorPrimitives.MultiplyAdd(x, x[a], moment.AsSpan(a * dimension, dimension), moment.AsSpan(a * dimension, dimension));
                }
            }
        }

        var matrix = moment.Select(v => (double)v).ToArray();
        var values = SymmetricEigenvalues.Decompose(matrix, dimension);
        var order = Enumerable.Range(0, dimension).OrderByDescending(k => values[k]).Take(Dimensions).ToArray();
        var basis = new float[Dimensions * padded];
        for (var k = 0; k < order.Length; k++)
        {
            for (var a = 0; a < dimension; a++)
            {
                basis[(k * padded) + a] = (float)matrix[(a * dimension) + order[k]];
            }
        }

        return new ProjectionBound(basis, padded);
    }

    /// <summary>Writes the unit row's coordinates in the basis and returns the length of what the basis leaves out.</summary>
    public float Project(ReadOnlySpan<float> row, Span<float> coordinates)
    {
        var kept = 0.0;
        for (var k = 0; k < Dimensions; k++)
        {
            var c = TensorPrimitives.Dot(row, basis.AsSpan(k * padded, padded));
            coordinates[k] = c;
            kept += (double)c * c;
        }

        var length = 0.0;
        foreach (var v in row)
        {
            length += (double)v * v;
        }

        return (float)Math.Sqrt(Math.Max(0, length - kept));
    }
}
