using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Annotations;
using Tagloop.Core.Documents;
using Tagloop.Core.Review;
using Tagloop.Core.Training;

namespace Tagloop.Core.Tests.Review;

public sealed class ReviewQueueTests
{
    [Fact]
    public async Task The_model_s_suspicions_from_out_of_fold_predictions_reach_the_review_queue_and_the_browse_filter()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var documents = new[] { "win money now", "meeting at noon", "free pills" }.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            return new Document { ProjectId = project.Id, Text = t, TextHash = hash, ShuffleKey = BitConverter.ToInt64(hash) };
        }).ToList();
        database.Db.Documents.AddRange(documents);
        await database.Db.SaveChangesAsync();
        var recorder = new AnnotationRecorder(database.Db, TimeProvider.System);
        foreach (var (document, label) in documents.Zip(["spam", "ham", "ham"]))
        {
            Assert.True((await recorder.RecordAsync(project.Id, "ana", new NewAnnotation(document.Id, [label]), CancellationToken.None)).Succeeded);
        }

        // Out of fold, the model is sure of the first two and says the third, labelled ham, is spam (classes: spam, ham).
        var outOfFold = new OutOfFold([.. documents.Select(d => d.Id)], [0, 1, 1], [0.95f, 0.05f, 0.1f, 0.9f, 0.97f, 0.03f], 2);
        var suspects = LikelyMislabels.From(outOfFold);
        var suspect = Assert.Single(suspects);
        Assert.Equal((documents[2].Id, 0), (suspect.DocumentId, suspect.Suggested));

        var page = (await new ReviewQueue(database.NewContext()).ListAsync(project.Id, null, 1, 50, suspects, CancellationToken.None)).Value!;
        var item = Assert.Single(page.Items);
        Assert.Equal(["suspect"], item.Reasons);
        Assert.Equal(("spam", 0.97), (item.Suggested, Math.Round(item.SuggestedConfidence!.Value, 2)));
        Assert.Equal(["ham"], item.Final);
        Assert.Equal(1, page.Counts["suspect"]);

        // A reviewer's final label settles it.
        Assert.True((await Adjudications.SetAsync(database.NewContext(), project.Id, documents[2].Id, ["spam"], null, "rita", TimeProvider.System, null, CancellationToken.None)).Succeeded);
        Assert.Empty((await new ReviewQueue(database.NewContext()).ListAsync(project.Id, null, 1, 50, suspects, CancellationToken.None)).Value!.Items);

        var filter = DocumentFilter.Parse("suspect").Value! with { Documents = [.. suspects.Select(s => s.DocumentId)] };
        var browsed = (await new DocumentBrowser(database.NewContext()).BrowseAsync(project.Id, filter, null, 1, 50, null, CancellationToken.None)).Value!;
        Assert.Equal([documents[2].Id], browsed.Items.Select(i => i.Id));
        Assert.False((await new DocumentBrowser(database.NewContext()).BrowseAsync(project.Id, DocumentFilter.Parse("suspect").Value!, null, 1, 50, null, CancellationToken.None)).Succeeded);
    }
}
