using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Training;

public class ProjectTrainerTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task A_project_with_two_labelled_classes_gets_a_model_ranking_every_unlabelled_document()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var texts = Enumerable.Range(0, 10).Select(i => $"win cash prize {i}").Concat(Enumerable.Range(0, 10).Select(i => $"meeting agenda notes {i}")).ToList();
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = project.Id, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[0].Id, ["spam"]), CancellationToken.None)).Succeeded);
        var trainer = new ProjectTrainer(TimeProvider.System);
        Assert.Null(trainer.Train(database.NewContext(), project.Id, null));

        Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[10].Id, ["ham"]), CancellationToken.None)).Succeeded);
        var model = trainer.Train(database.NewContext(), project.Id, null);
        Assert.NotNull(model);
        Assert.Equal(1, model.Version);
        Assert.Equal(2, model.Labels);
        Assert.Equal(18, model.Ranked.Count);
        Assert.Equal("spam", model.Score(documents[5].Id)!.Label);
        Assert.Equal("ham", model.Score(documents[15].Id)!.Label);

        var next = trainer.Train(database.NewContext(), project.Id, model);
        Assert.Equal(2, next!.Version);
    }

    [Fact]
    public async Task A_multi_label_project_learns_each_label_as_its_own_question_and_evaluates_per_label()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(multiLabel: true, "billing", "delivery", "praise");
        var templates = new (string Text, string[] Labels)[]
        {
            ("my invoice shows a double charge {0}", ["billing"]),
            ("the parcel arrived late again {0}", ["delivery"]),
            ("charged twice and the parcel never arrived {0}", ["billing", "delivery"]),
            ("thank you, lovely service {0}", ["praise"]),
        };
        var documents = new List<(Document Document, string[] Labels)>();
        foreach (var (text, labels) in templates)
        {
            for (var i = 0; i < 8; i++)
            {
                var content = string.Format(System.Globalization.CultureInfo.InvariantCulture, text, i);
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
                documents.Add((new Document { ProjectId = project.Id, Text = content, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) }, labels));
            }
        }

        database.Db.Documents.AddRange(documents.Select(d => d.Document));
        await database.Db.SaveChangesAsync();
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        var trainer = new ProjectTrainer(TimeProvider.System);

        // Labelled: the first five of each template (20); the last three of each stay in the pool.
        foreach (var (document, labels) in documents.Where((_, i) => i % 8 < 5))
        {
            Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(document.Id, labels), CancellationToken.None)).Succeeded);
        }

        var model = trainer.Train(database.NewContext(), project.Id, null);
        Assert.NotNull(model);
        Assert.True(model.Classifier.MultiLabel);
        Assert.Equal(20, model.Labels);
        Assert.Equal(12, model.Ranked.Count);
        var both = documents[(2 * 8) + 6].Document;
        Assert.Equal("billing, delivery", model.Score(both.Id)!.Label);
        Assert.Equal("praise", model.Score(documents[(3 * 8) + 7].Document.Id)!.Label);

        var evaluated = trainer.Evaluate(model);
        var evaluation = evaluated.Evaluation!;
        Assert.Equal(3, evaluation.PerLabel.Count);
        Assert.Empty(evaluation.Confusion);
        Assert.Equal([10, 10, 5], evaluation.PerLabel.Select(l => l.Support));
        Assert.InRange(evaluation.Accuracy, 0.8, 1.0);
        var probabilities = new float[3];
        evaluated.Classifier.PredictProbabilities(evaluated.Encoder.Encode([both.Text]), probabilities);
        Assert.True(probabilities[0] > 0.5 && probabilities[1] > 0.5 && probabilities[2] < 0.5, string.Join(", ", probabilities));
    }
}
