using Tagloop.Core.Training;

namespace Tagloop.Core.Tests.Training;

public sealed class EmbeddingStoreTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-embeddings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Appended_vectors_read_back_to_half_a_quantisation_step_in_any_order_with_their_mean()
    {
        var store = new EmbeddingStore(folder);
        store.Append(1, "minilm", [10, 11], [0.1f, 0.2f, 0.3f, -1f, 0.5f, 0.25f], 3);
        store.Append(1, "minilm", [12], [2f, 0f, -0.125f], 3);
        store.Append(1, "minilm", [13], [0f, 0f, 0f], 3);
        Assert.Equal(16 + (4 * (12 + 3)), new FileInfo(store.PathOf(1, "minilm")).Length);

        using var view = store.Open(1, "minilm", 3)!;
        Assert.Equal([10L, 11, 12, 13], view.Ids);
        var rows = view.Rows([2, 0, 3], null);
        var row = new float[3];
        rows.CopyRow(0, row);
        Assert.Equal(2f, row[0]);
        Assert.Equal(0f, row[1]);
        Assert.Equal(-0.125f, row[2], 2f / 127 / 2);
        rows.CopyRow(1, row);
        Assert.Equal(0.1f, row[0], 0.3f / 127 / 2);
        Assert.Equal(0.3f, row[2]);
        rows.CopyRow(2, row);
        Assert.Equal([0f, 0f, 0f], row);
        Assert.Equal((0.1f + -1f + 2f + 0f) / 4, view.Mean([0, 1, 2, 3])[0], 1e-3);
        Assert.Throws<ArgumentException>(() => store.Append(1, "minilm", [14], [float.NaN, 0f, 0f], 3));
    }

    [Fact]
    public void Deleted_documents_vectors_are_cut_out_of_every_encoders_file_and_other_projects_are_untouched()
    {
        var store = new EmbeddingStore(folder);
        store.Append(1, "minilm", [10, 11, 12], [1f, 0f, 0f, 1f, 2f, 0f], 2);
        store.Append(1, "other", [10, 12], [3f, 3f, 4f, 4f], 2);
        store.Append(2, "minilm", [10, 11], [5f, 5f, 6f, 6f], 2);

        store.Remove(1, new HashSet<long> { 10, 12 });

        using (var view = store.Open(1, "minilm", 2)!)
        {
            Assert.Equal([11L], view.Ids);
            var row = new float[2];
            view.CopyRecord(0, row);
            Assert.Equal([0f, 1f], row);
        }

        Assert.Null(store.Open(1, "other", 2));
        Assert.Equal(2, store.Count(2, "minilm", 2));

        // A chunk encoded before the deletion and appended after it leaves the deleted documents out.
        store.Append(1, "minilm", [12, 13], [7f, 7f, 8f, 8f], 2);
        using (var view = store.Open(1, "minilm", 2)!)
        {
            Assert.Equal([11L, 13], view.Ids);
        }

        store.Append(1, "minilm", [10], [9f, 9f], 2);
        Assert.Equal(2, store.Count(1, "minilm", 2));
        Assert.Empty(Directory.EnumerateFiles(folder, "*.rewriting"));

        // Nothing to remove: the file is left as it was.
        var before = File.GetLastWriteTimeUtc(store.PathOf(2, "minilm"));
        store.Remove(2, new HashSet<long> { 99 });
        Assert.Equal(before, File.GetLastWriteTimeUtc(store.PathOf(2, "minilm")));
    }

    [Fact]
    public void A_file_of_the_half_precision_format_is_converted_once_and_then_removed()
    {
        // The earlier format: a header (magic, format 1, dimension, padding), then an id and two bytes per value.
        var old = Path.Combine(folder, "project-3.minilm.f16");
        using (var writer = new BinaryWriter(File.Create(old)))
        {
            writer.Write(0x5645_4C54u);
            writer.Write(1);
            writer.Write(2);
            writer.Write(0);
            foreach (var (id, a, b) in new[] { (7L, 0.5f, -0.25f), (8L, 0.125f, 1f) })
            {
                writer.Write(id);
                writer.Write((Half)a);
                writer.Write((Half)b);
            }

            writer.Write([1, 2, 3]);
        }

        var store = new EmbeddingStore(folder);
        Assert.Equal(2, store.Count(3, "minilm", 2));
        Assert.False(File.Exists(old));
        using var view = store.Open(3, "minilm", 2)!;
        Assert.Equal([7L, 8], view.Ids);
        var row = new float[2];
        view.CopyRecord(0, row);
        Assert.Equal(0.5f, row[0]);
        Assert.Equal(-0.25f, row[1], 0.5f / 127 / 2);
        view.CopyRecord(1, row);
        Assert.Equal(0.125f, row[0], 1f / 127 / 2);
        Assert.Equal(1f, row[1]);
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

        Assert.Equal(16 + (2 * (12 + 2)), new FileInfo(path).Length);
        Assert.Null(store.Open(2, "minilm", 384));
        Assert.False(File.Exists(path));
    }
}
