using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Tests.Training;

/// <summary>
/// A project whose encoder has a sentence model (the real all-MiniLM-L6-v2): it learns from TF-IDF until every
/// document has an embedding, then from both, and goes back to TF-IDF while new documents wait for theirs.
/// </summary>
public sealed class SentenceEmbeddingTrainingTests
{
    // No word is shared between a labelled text and the one asked about: only meaning links them.
    private static readonly string[] Animals =
    [
        "The kitten is asleep on the warm sofa.",
        "Our dog barks at the postman every morning.",
        "A horse grazed quietly in the meadow.",
        "The parrot repeated every word it heard.",
    ];

    private static readonly string[] Money =
    [
        "Shares fell sharply after the quarterly earnings report.",
        "The central bank raised interest rates again.",
        "Investors sold bonds as inflation climbed.",
        "The stock exchange closed lower on Friday.",
    ];

    [Fact]
    public async Task Learns_from_tfidf_until_every_document_has_an_embedding_then_from_the_sentence_model_too()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(false, "animals", "money");
        Assert.Equal(TextEncoderCatalog.Default, project.Encoder);
        var documents = await AddAsync(database, project.Id, [.. Animals, .. Money, "A puppy chased a ball across the garden.", "Traders fear a recession will hit profits."]);
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[i].Id, ["animals"]), CancellationToken.None)).Succeeded);
            Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[4 + i].Id, ["money"]), CancellationToken.None)).Succeeded);
        }

        var store = new EmbeddingStore(Path.Combine(database.Folder, "vectors"));
        using var encoders = new DenseEncoders(new TextEncoderResources(MiniLmCacheDirectory: Path.Combine(database.Folder, "models", "minilm")));
        var queue = new EmbeddingQueue();
        var progress = new EncodingProgress();
        var trainer = new ProjectTrainer(TimeProvider.System, null, progress, store, encoders, queue);

        var first = trainer.Train(database.NewContext(), project.Id, null);
        Assert.NotNull(first);
        Assert.Equal(HashedTfidfEncoder.EncoderName, first.Encoder.Name);
        Assert.Equal(project.Id, await NextRequestAsync(queue));

        var (encoder, count) = await EmbeddingCoordinator.EncodeMissingAsync(database.NewContext(), project.Id, store, encoders, progress, CancellationToken.None);
        Assert.Equal(("minilm", 10), (encoder, count));
        Assert.Null(progress.Stage(project.Id));
        using (var view = store.Open(project.Id, "minilm", 384))
        {
            Assert.Equal(documents.Select(d => d.Id).Order(), view!.Ids.Order());
        }

        var second = trainer.Train(database.NewContext(), project.Id, first);
        Assert.NotNull(second);
        Assert.Equal("minilm+tfidf", second.Encoder.Name);
        Assert.Equal("animals", second.Score(documents[8].Id)!.Label);
        Assert.Equal("money", second.Score(documents[9].Id)!.Label);

        // Nothing is left to encode, and a second pass says so.
        Assert.Equal(("minilm", 0), await EmbeddingCoordinator.EncodeMissingAsync(database.NewContext(), project.Id, store, encoders, progress, CancellationToken.None));

        // A new document has no embedding yet: the model keeps reading meaning (the newcomer reads as the centre,
        // its words still count), keeps its evaluation, and encoding is asked for; then it has its vector.
        var evaluated = trainer.Evaluate(second);
        var added = await AddAsync(database, project.Id, ["A kitten and a puppy share a basket."]);
        var third = trainer.Train(database.NewContext(), project.Id, evaluated);
        Assert.Equal("minilm+tfidf", third!.Encoder.Name);
        Assert.Same(evaluated.Evaluation, third.Evaluation);
        Assert.Equal("animals", third.Score(added[0].Id)!.Label);
        Assert.Equal(project.Id, await NextRequestAsync(queue));
        Assert.Equal(("minilm", 1), await EmbeddingCoordinator.EncodeMissingAsync(database.NewContext(), project.Id, store, encoders, progress, CancellationToken.None));
        var fourth = trainer.Train(database.NewContext(), project.Id, third);
        Assert.Equal("minilm+tfidf", fourth!.Encoder.Name);
        Assert.Equal("animals", fourth.Score(added[0].Id)!.Label);
    }

    [Fact]
    public async Task A_tfidf_project_never_asks_for_embeddings()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(false, "animals", "money");
        project.Encoder = HashedTfidfEncoder.EncoderName;
        await database.Db.SaveChangesAsync();
        var documents = await AddAsync(database, project.Id, [.. Animals, .. Money]);
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[0].Id, ["animals"]), CancellationToken.None)).Succeeded);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[4].Id, ["money"]), CancellationToken.None)).Succeeded);
        var store = new EmbeddingStore(Path.Combine(database.Folder, "vectors"));
        using var encoders = new DenseEncoders(new TextEncoderResources(MiniLmCacheDirectory: Path.Combine(database.Folder, "models", "minilm")));
        var queue = new EmbeddingQueue();
        var trainer = new ProjectTrainer(TimeProvider.System, null, null, store, encoders, queue);

        Assert.Equal(HashedTfidfEncoder.EncoderName, trainer.Train(database.NewContext(), project.Id, null)!.Encoder.Name);
        Assert.Equal((null, 0), await EmbeddingCoordinator.EncodeMissingAsync(database.NewContext(), project.Id, store, encoders, null, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(database.Folder, "vectors")));
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NextRequestAsync(queue, quiet.Token));
    }

    private static async Task<int> NextRequestAsync(EmbeddingQueue queue, CancellationToken cancellationToken = default)
    {
        await foreach (var projectId in queue.ReadAllAsync(cancellationToken))
        {
            return projectId;
        }

        throw new InvalidOperationException("The queue ended.");
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
