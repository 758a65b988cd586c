using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tests.Training;

public sealed class ProjectTrainerTests
{
    [Fact]
    public async Task A_project_with_two_labelled_classes_gets_a_model_ranking_every_unlabelled_document()
    {
        await using var database = await TestDatabase.CreateAsync();
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
}
