namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Greedy k-center coreset (Sener and Savarese 2018): pick the pool row farthest (in cosine distance) from every
/// labelled row, count it as labelled, repeat. Ignores the model; covers the space. A row's score is its distance to
/// the nearest labelled row. On pools above <see cref="PoolGeometry.SampleLimit"/> rows it works on a random sample
/// (rows outside it score −1). Without embeddings every row scores the same.
/// </summary>
public sealed class KCenterStrategy : IBatchAcquisitionStrategy
{
    public string Name => "k-center";

    public void Score(AcquisitionInput input, Span<float> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Geometry is null)
        {
            scores[..input.Rows].Fill(1f);
            return;
        }

        scores[..input.Rows].Fill(-1f);
        var sample = input.Geometry.Sample(seed);
        var distance = input.Geometry.DistanceToLabelled(sample);
        for (var k = 0; k < sample.Length; k++)
        {
            scores[sample[k]] = distance[k];
        }
    }

    public int[] SelectBatch(AcquisitionInput input, int batch, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var take = Math.Min(batch, input.Rows);
        if (input.Geometry is null)
        {
            return [.. Enumerable.Range(0, take)];
        }

        var sample = input.Geometry.Sample(seed);
        var distance = input.Geometry.DistanceToLabelled(sample);
        var chosen = new List<int>(take);
        while (chosen.Count < Math.Min(take, sample.Length))
        {
            var best = -1;
            for (var k = 0; k < distance.Length; k++)
            {
                if (distance[k] >= 0 && (best < 0 || distance[k] > distance[best]))
                {
                    best = k;
                }
            }

            chosen.Add(sample[best]);
            input.Geometry.Tighten(sample, distance, input.Geometry.PoolRow(sample[best]));
            distance[best] = -1f;
        }

        return [.. chosen];
    }
}
