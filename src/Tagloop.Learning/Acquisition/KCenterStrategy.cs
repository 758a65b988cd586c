namespace Tagloop.Learning.Acquisition;

/// <summary>
/// Greedy k-center coreset (Sener and Savarese 2018): pick the pool row farthest (in cosine distance) from every
/// labelled row, count it as labelled, repeat. Ignores the model; covers the space. A row's score is its distance to
/// the nearest labelled row. Without embeddings every row scores the same.
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

        input.Geometry.DistanceToLabelled().AsSpan().CopyTo(scores);
    }

    public int[] SelectBatch(AcquisitionInput input, int batch, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var take = Math.Min(batch, input.Rows);
        if (input.Geometry is null)
        {
            return [.. Enumerable.Range(0, take)];
        }

        var distance = input.Geometry.DistanceToLabelled();
        var chosen = new List<int>(take);
        while (chosen.Count < take)
        {
            var best = -1;
            for (var i = 0; i < distance.Length; i++)
            {
                if (distance[i] >= 0 && (best < 0 || distance[i] > distance[best]))
                {
                    best = i;
                }
            }

            chosen.Add(best);
            input.Geometry.Tighten(distance, input.Geometry.PoolRow(best));
            distance[best] = -1f;
        }

        return [.. chosen];
    }
}
