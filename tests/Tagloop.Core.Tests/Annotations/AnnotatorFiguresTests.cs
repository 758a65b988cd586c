using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tests.Annotations;

public sealed class AnnotatorFiguresTests
{
    [Fact]
    public async Task The_cross_validated_model_agrees_with_a_careful_annotator_and_not_with_one_who_flips_labels()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var texts = Enumerable.Range(0, 15).Select(i => $"win a cash prize now, claim your free reward {i}")
            .Concat(Enumerable.Range(0, 15).Select(i => $"the meeting agenda and notes for tuesday {i}")).ToList();
        var documents = texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = project.Id, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();

        // Ana and Cy answer right; Bo flips every label on the ten he answers. The majority is right everywhere.
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        for (var i = 0; i < documents.Count; i++)
        {
            var right = i < 15 ? "spam" : "ham";
            var wrong = i < 15 ? "ham" : "spam";
            Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(documents[i].Id, [right], SecondsSpent: 4 + (i % 3)), CancellationToken.None)).Succeeded);
            if (i % 3 == 0)
            {
                Assert.True((await recorder.RecordAsync(project.Id, "bo", new NewAnnotation(documents[i].Id, [wrong], SecondsSpent: 1), CancellationToken.None)).Succeeded);
                Assert.True((await recorder.RecordAsync(project.Id, "cy", new NewAnnotation(documents[i].Id, [right], SecondsSpent: 9), CancellationToken.None)).Succeeded);
            }
        }

        Assert.True((await recorder.RecordAsync(project.Id, "bo", new NewAnnotation(documents[1].Id, Skip: true, Flag: true, FlagNote: "unsure"), CancellationToken.None)).Succeeded);

        var trainer = new ProjectTrainer(TimeProvider.System);
        var model = trainer.Evaluate(trainer.Train(database.NewContext(), project.Id, null)!);
        Assert.NotNull(model.OutOfFold);
        Assert.Equal(30, model.OutOfFold.DocumentIds.Length);

        var figures = (await new AnnotatorFiguresQuery(database.NewContext()).ComputeAsync(project.Id, model.OutOfFold, CancellationToken.None)).Value!
            .ToDictionary(f => f.Annotator);
        Assert.Equal(["ana", "bo", "cy"], figures.Keys);
        Assert.Equal((30, 0, 0), (figures["ana"].Answers, figures["ana"].Skips, figures["ana"].Flags));
        Assert.Equal(5, figures["ana"].MedianSeconds);
        Assert.Equal((10, 1, 1), (figures["bo"].Answers, figures["bo"].Skips, figures["bo"].Flags));
        Assert.Equal(1.0 / 11, figures["bo"].SkipRate!.Value, 6);
        Assert.Equal(1, figures["bo"].MedianSeconds);
        Assert.Equal(30, figures["ana"].ModelCompared);
        Assert.True(figures["ana"].ModelAgreement > 0.9, $"ana {figures["ana"].ModelAgreement}");
        Assert.True(figures["cy"].ModelAgreement > 0.9, $"cy {figures["cy"].ModelAgreement}");
        Assert.True(figures["bo"].ModelAgreement < 0.1, $"bo {figures["bo"].ModelAgreement}");

        // Reviewers decide three documents; nobody is compared with a decision of their own.
        Assert.True((await Tagloop.Core.Review.Adjudications.SetAsync(database.Db, project.Id, documents[0].Id, ["spam"], null, "cy", TimeProvider.System, null, CancellationToken.None)).Succeeded);
        Assert.True((await Tagloop.Core.Review.Adjudications.SetAsync(database.Db, project.Id, documents[3].Id, ["spam"], null, "cy", TimeProvider.System, null, CancellationToken.None)).Succeeded);
        Assert.True((await Tagloop.Core.Review.Adjudications.SetAsync(database.Db, project.Id, documents[6].Id, ["spam"], "bo was wrong", "ana", TimeProvider.System, null, CancellationToken.None)).Succeeded);
        var withFinals = (await new AnnotatorFiguresQuery(database.NewContext()).ComputeAsync(project.Id, null, CancellationToken.None)).Value!.ToDictionary(f => f.Annotator);
        Assert.Equal((2, 1.0), (withFinals["ana"].FinalCompared, withFinals["ana"].FinalAgreement));
        Assert.Equal((3, 0.0), (withFinals["bo"].FinalCompared, withFinals["bo"].FinalAgreement));
        Assert.Equal((1, 1.0), (withFinals["cy"].FinalCompared, withFinals["cy"].FinalAgreement));
        Assert.Null(figures["ana"].FinalAgreement);

        // Without an evaluated model there is nothing to compare with.
        var unevaluated = (await new AnnotatorFiguresQuery(database.NewContext()).ComputeAsync(project.Id, null, CancellationToken.None)).Value!;
        Assert.All(unevaluated, f => Assert.Null(f.ModelAgreement));
    }
}
