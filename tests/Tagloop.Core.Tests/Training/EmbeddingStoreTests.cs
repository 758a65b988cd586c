using Tagloop.Core.Training;

namespace Tagloop.Core.Tests.Training;

public sealed class EmbeddingStoreTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-embeddings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Appended_vectors_read_back_in_half_precision_in_any_order_with_their_mean()
    {
        var store = new EmbeddingStore(folder);
        store.Append(1, "minilm", [10, 11], [0.1f, 0.2f, 0.3f, -1f, 0.5f, 0.25f], 3);
        store.Append(1, "minilm", [12], [2f, 0f, -0.125f], 3);

        using var view = store.Open(1, "minilm", 3)!;
        Assert.Equal([10L, 11, 12], view.Ids);
        var rows = view.Rows([2, 0], null);
        var row = new float[3];
        rows.CopyRow(0, row);
        Assert.Equal([2f, 0f, -0.125f], row);
        rows.CopyRow(1, row);
        Assert.Equal(0.1f, row[0], 3);
        Assert.Equal(0.3f, row[2], 3);
        Assert.Equal((0.1f + -1f + 2f) / 3, view.Mean([0, 1, 2])[0], 3);
    }

    [Fact]
    public void A_tail_cut_short_by_a_crash_is_dropped_and_another_dimension_starts_again()
    {
        var store = new EmbeddingStore(folder);
        store.Append(2, "minilm", [1, 2], [1f, 2f, 3f, 4f], 2);
        var path = store.PathOf(2, "minilm");
        using (var file = new FileStream(path, FileMode.Append))
        {
            file.Write([9, 9, 9, 9, 9]);
        }

        using (var view = store.Open(2, "minilm", 2)!)
        {
            Assert.Equal([1L, 2], view.Ids);
        }

        Assert.Equal(16 + (2 * 12), new FileInfo(path).Length);
        Assert.Null(store.Open(2, "minilm", 384));
        Assert.False(File.Exists(path));
    }
}
