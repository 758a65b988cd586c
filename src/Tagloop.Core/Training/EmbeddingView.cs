using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Training;

/// <summary>A read-only memory map of an <see cref="EmbeddingStore"/> file: the documents it holds and their vectors.</summary>
public sealed class EmbeddingView : IDisposable
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly long start;

    private EmbeddingView(MemoryMappedFile file, MemoryMappedViewAccessor view, long start, int dimension, long[] ids)
    {
        this.file = file;
        this.view = view;
        this.start = start;
        Dimension = dimension;
        Ids = ids;
    }

    public int Dimension { get; }

    /// <summary>The documents, in the file's order.</summary>
    public long[] Ids { get; }

    public static EmbeddingView Map(string path, long start, int dimension, int records)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, start + ((long)records * EmbeddingStore.RecordBytes(dimension)), MemoryMappedFileAccess.Read);
        var ids = new long[records];
        for (var r = 0; r < records; r++)
        {
            ids[r] = view.ReadInt64(start + ((long)r * EmbeddingStore.RecordBytes(dimension)));
        }

        return new EmbeddingView(file, view, start, dimension, ids);
    }

    /// <summary>Record <paramref name="record"/>'s vector (its bytes times its scale).</summary>
    public void CopyRecord(int record, Span<float> destination)
    {
        Span<sbyte> values = stackalloc sbyte[Dimension];
        var position = (ulong)(view.PointerOffset + start + ((long)record * EmbeddingStore.RecordBytes(Dimension)) + 8);
        var scale = view.SafeMemoryMappedViewHandle.Read<float>(position);
        view.SafeMemoryMappedViewHandle.ReadSpan(position + 4, values);
        var target = destination[..Dimension];
        TensorPrimitives.ConvertTruncating<sbyte, float>(values, target);
        TensorPrimitives.Multiply(target, scale, target);
    }

    /// <summary>The chosen records as rows (row i is record <paramref name="records"/>[i], or the centre where that is −1), centred on <paramref name="center"/>.</summary>
    public DenseRows Rows(int[] records, float[]? center) => new MappedRows(this, records) { Center = center };

    /// <summary>The mean of the chosen records (−1s skipped).</summary>
    public float[] Mean(int[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sum = new double[Dimension];
        var row = new float[Dimension];
        var present = 0;
        foreach (var record in records)
        {
            if (record < 0)
            {
                continue;
            }

            present++;
            CopyRecord(record, row);
            for (var j = 0; j < Dimension; j++)
            {
                sum[j] += row[j];
            }
        }

        return [.. sum.Select(v => (float)(v / Math.Max(1, present)))];
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }

    private sealed class MappedRows(EmbeddingView view, int[] records) : DenseRows
    {
        public override int Rows => records.Length;

        public override int Dimension => view.Dimension;

        // A document without a vector yet (record −1) reads as the centre: no dense evidence either way.
        public override void CopyRow(int row, Span<float> destination)
        {
            if (records[row] >= 0)
            {
                view.CopyRecord(records[row], destination);
            }
            else if (Center is { } center)
            {
                center.CopyTo(destination);
            }
            else
            {
                destination[..Dimension].Clear();
            }
        }
    }
}
