namespace Tagloop.Learning.Acquisition;

/// <summary>A strategy that chooses a batch as a whole (each pick depends on the earlier ones), not by a score per row alone.</summary>
public interface IBatchAcquisitionStrategy : IAcquisitionStrategy
{
    /// <summary>Row indices of a batch of at most <paramref name="batch"/> distinct rows, best first.</summary>
    int[] SelectBatch(AcquisitionInput input, int batch, int seed);
}
