using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Tests.Training;

public sealed class VectorCacheTests
{
    [Fact]
    public void Deleted_documents_records_are_cut_out_and_the_rest_read_back_as_written()
    {
        var folder = Directory.CreateTempSubdirectory("tagloop-vectors-").FullName;
        try
        {
            var cache = new VectorCache(folder);
            var rows = HashedTfidfEncoder.TermFrequencies(["free cash prize", "meeting agenda", "prize draw tonight", "agenda item four"], 18);
            cache.Append(5, 18, [1, 2, 3, 4], rows);
            cache.Remove(5, new HashSet<long> { 2, 3 });

            var (ids, kept) = cache.Load(5, 18);
            Assert.Equal([1L, 4], ids);
            Assert.Equal(rows.RowIndices(0).ToArray(), kept.RowIndices(0).ToArray());
            Assert.Equal(rows.RowValues(3).ToArray(), kept.RowValues(1).ToArray());
            Assert.Empty(Directory.EnumerateFiles(folder, "*.rewriting"));

            // A project without a file, or nothing of it to remove: nothing happens.
            cache.Remove(6, new HashSet<long> { 1 });
            Assert.False(File.Exists(cache.PathOf(6)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Documents_are_encoded_once_into_the_cache_and_a_restarted_trainer_reads_them_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var documents = await AddAsync(database, project.Id, Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? $"win cash prize {i}" : $"meeting agenda notes {i}"));
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[0].Id, ["spam"]), CancellationToken.None);
        await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[1].Id, ["ham"]), CancellationToken.None);
        var cache = new VectorCache(Path.Combine(database.Folder, "vectors"));
        var progress = new EncodingProgress();

        var first = new ProjectTrainer(TimeProvider.System, cache, progress).Train(database.NewContext(), project.Id, null)!;
        var file = new FileInfo(cache.PathOf(project.Id));
        Assert.True(file.Exists);
        var size = file.Length;
        Assert.Equal(30, cache.Load(project.Id, 18).Ids.Length);
        Assert.Null(progress.Of(project.Id));

        // A new trainer (as after a restart) takes every row from the cache and writes nothing.
        var again = new ProjectTrainer(TimeProvider.System, cache, progress).Train(database.NewContext(), project.Id, null)!;
        Assert.Equal(size, new FileInfo(cache.PathOf(project.Id)).Length);
        Assert.Equal(Probabilities(first), Probabilities(again));

        // Weighed from the file in passes, the rows are those a trainer without a cache builds in memory.
        var inMemory = new ProjectTrainer(TimeProvider.System).Train(database.NewContext(), project.Id, null)!;
        Assert.Equal(Probabilities(inMemory), Probabilities(again));

        // New documents are appended; a record cut short by a crash is dropped on the next read.
        await AddAsync(database, project.Id, ["free prize inside", "agenda for monday"]);
        new ProjectTrainer(TimeProvider.System, cache).Train(database.NewContext(), project.Id, null);
        Assert.Equal(32, cache.Load(project.Id, 18).Ids.Length);
        await using (var stream = new FileStream(cache.PathOf(project.Id), FileMode.Append))
        {
            stream.Write([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }

        Assert.Equal(32, cache.Load(project.Id, 18).Ids.Length);
        Assert.Equal(32, cache.Load(project.Id, 18).Ids.Length);

        // A whole header whose row was cut short: dropped too, and every row read back is the one written.
        await using (var stream = new FileStream(cache.PathOf(project.Id), FileMode.Append))
        {
            stream.Write(BitConverter.GetBytes(99L));
            stream.Write(BitConverter.GetBytes(5));
            stream.Write(new byte[3 * 8]);
        }

        var (ids, rows) = cache.Load(project.Id, 18);
        Assert.Equal(32, ids.Length);
        var expected = HashedTfidfEncoder.TermFrequencies(["agenda for monday"], 18);
        Assert.Equal(expected.RowIndices(0).ToArray(), rows.RowIndices(31).ToArray());
        Assert.Equal(expected.RowValues(0).ToArray(), rows.RowValues(31).ToArray());

        // A file for another hash width is discarded, not misread.
        Assert.Empty(cache.Load(project.Id, 16).Ids);
    }

    private static float[] Probabilities(ModelSnapshot model)
    {
        var x = model.Encoder.Encode(["win a prize", "agenda notes"]);
        var p = new float[x.Rows * model.Classes.Count];
        model.Classifier.PredictProbabilities(x, p);
        return p;
    }

    private static async Task<List<Document>> AddAsync(TestDatabase database, int projectId, IEnumerable<string> texts)
    {
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = projectId, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();
        return documents;
    }
}
