using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Learning.Spans;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Models;

/// <summary>The project's model: its state and predictions for new texts.</summary>
public static class ModelEndpoints
{
    public const int MaxTexts = 1000;

    public static void MapModelEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}").WithTags("Model");

        group.MapGet("/model", async (int id, TagloopDbContext db, ModelRegistry models, EncodingProgress encoding, CancellationToken ct) =>
        {
            var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false);
            if (project is null)
            {
                return ProjectLookup.NotFound(id);
            }

            if (project.Task == ProjectTask.SpanTagging)
            {
                return TypedResults.Ok(SpanModel(project, models.CurrentSpans(id)));
            }

            var model = models.Current(id);
            if (model is not null)
            {
                return TypedResults.Ok(new ModelDto(model.Version, model.Labels, model.TrainedAt, model.Classes, Metrics(model), null) { Encoding = Encoding(encoding, id), Encoder = model.Encoder.Name, RuleLabelled = model.WeakDocuments });
            }

            var labelled = await db.Annotations.Where(a => a.ProjectId == id && a.IsCurrent && a.Kind == AnnotationKind.Answer)
                .Select(a => a.DocumentId).Distinct().CountAsync(ct).ConfigureAwait(false);
            var message = project.MultiLabel
                ? "The model starts learning once two documents are labelled and some label is on one of them but not the other."
                : "The model starts learning once two documents have two different labels, or once switched-on rules (the Rules tab) label documents with two different labels.";
            var progress = Encoding(encoding, id);
            if (progress is not null)
            {
                message = progress.Stage == EncodingProgress.Words
                    ? $"Reading the new documents for the model: {progress.Done:N0} of {progress.Total:N0}. {message}"
                    : $"The sentence model is reading the documents: {progress.Done:N0} of {progress.Total:N0}. {message}";
            }

            return TypedResults.Ok(new ModelDto(0, labelled, null, [.. project.Labels.OrderBy(l => l.Order).Select(l => l.Name)], new ModelMetricsDto(null, 0, null, null, null, [], null, null), message) { Encoding = progress });
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetModel")
        .WithSummary("The current model's version (0 when there is none yet), label count and metrics.")
        .Produces<ModelDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/model/history", async (int id, TagloopDbContext db, CancellationToken ct) =>
        {
            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var runs = await db.TrainingRuns.AsNoTracking().Where(r => r.ProjectId == id).OrderBy(r => r.Id)
                .Select(r => new TrainingRunDto(r.Version, r.Labels, r.Accuracy, r.MacroF1, r.AccuracySd, r.FinishedAt, r.Status, r.TrainingMs, r.Error))
                .ToListAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(runs);
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetModelHistory")
        .WithSummary("Every finished training of the project, oldest first: the learning curve (figures are null below 10 labels).")
        .Produces<List<TrainingRunDto>>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/model/file", async (int id, TagloopDbContext db, ModelRegistry models, ModelStore store, CancellationToken ct) =>
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false);
            if (project is null)
            {
                return ProjectLookup.NotFound(id);
            }

            var path = store.PathOf(id);
            if (!File.Exists(path))
            {
                return ProblemResults.ToResult(Problem.Conflict(project.Task == ProjectTask.SpanTagging
                    ? "This project has no saved tagger yet: it is saved once it has learnt from an answer that marks an entity."
                    : "This project has no saved model yet: it is saved once the model has 10 labels and has been cross-validated."));
            }

            var version = models.Current(id)?.Version ?? models.CurrentSpans(id)?.Version ?? 0;
            var name = Export.FileNames.ForExport(project.Name, File.GetLastWriteTimeUtc(path), version > 0 ? $"-model-v{version}.tlm" : "-model.tlm");
            return TypedResults.File(File.OpenRead(path), "application/octet-stream", name);
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("DownloadModel")
        .WithSummary("The current model as a file (Tagloop's model format: labels, encoder, classifier with its posterior and calibration; for a span-tagging project the tagger's format: tags, feature settings and weights, saved after each full refit).")
        .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapLabelDifficulty();

        group.MapPost("/predict", async (int id, PredictRequest request, TagloopDbContext db, ModelRegistry models, IOptions<TagloopServerOptions> options, CancellationToken ct) =>
        {
            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var texts = request.Texts ?? [];
            if (texts.Count is 0 or > MaxTexts || texts.Any(t => t is null))
            {
                return ProblemResults.ToResult(Problem.Invalid("texts", $"Send between 1 and {MaxTexts} texts (strings)."));
            }

            for (var i = 0; i < texts.Count; i++)
            {
                if (System.Text.Encoding.UTF8.GetByteCount(texts[i]) > options.Value.MaxDocumentBytes)
                {
                    return ProblemResults.ToResult(Problem.Invalid($"texts[{i}]", $"Text {i + 1} is longer than the {options.Value.MaxDocumentBytes / 1024:N0} KB a document may have."));
                }
            }

            if (models.CurrentSpans(id) is { } tagger)
            {
                return TypedResults.Ok(new PredictResponse(tagger.Version, [.. texts.Select(t => new TextPrediction("", new Dictionary<string, double>()) { Spans = Tag(tagger, t) })]));
            }

            var model = models.Current(id);
            if (model is null)
            {
                if (await db.Projects.AnyAsync(p => p.Id == id && p.Task == ProjectTask.SpanTagging, ct).ConfigureAwait(false))
                {
                    return ProblemResults.ToResult(Problem.Conflict("This project has no tagger yet: it starts learning with the first answer that marks an entity."));
                }

                return ProblemResults.ToResult(Problem.Conflict("This project has no model yet: label at least two documents, with two different labels (or, in a multi-label project, a label on one but not the other)."));
            }

            var x = model.Encoder.Encode(texts);
            var k = model.Classes.Count;
            var probabilities = new float[texts.Count * k];
            model.Classifier.PredictProbabilities(x, probabilities);
            var predictions = Enumerable.Range(0, texts.Count).Select(i =>
            {
                var row = Enumerable.Range(0, k).ToDictionary(c => model.Classes[c], c => Math.Round((double)probabilities[(i * k) + c], 4));
                return new TextPrediction(row.MaxBy(kv => kv.Value).Key, row,
                    model.Classifier.MultiLabel ? [.. row.Where(kv => kv.Value >= 0.5).Select(kv => kv.Key)] : null);
            }).ToList();
            return TypedResults.Ok(new PredictResponse(model.Version, predictions));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("Predict")
        .WithSummary("Per-label probabilities for each text from the current model; for a span-tagging project, the entities found in each text (spans, UTF-16 offsets) with their probabilities.")
        .Produces<PredictResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ModelDto SpanModel(Project project, SpanModelSnapshot? model)
    {
        var types = project.Labels.OrderBy(l => l.Order).Select(l => l.Name).ToList();
        if (model is null)
        {
            return new ModelDto(0, 0, null, types, new ModelMetricsDto(null, 0, null, null, null, [], null, null),
                "The tagger starts learning with the first answer that marks an entity.");
        }

        var report = model.Evaluation?.Report;
        var entities = report is null ? null : new EntityMetricsDto(model.Evaluation!.Sentences, model.Evaluation.Folds, report.Overall.F1, report.Overall.Precision,
            report.Overall.Recall, report.MacroF1, report.TokenAccuracy,
            [.. model.EntityTypes.Select(t => report.Types.FirstOrDefault(s => s.Type == t) ?? new EntityScore(t, 0, 0, 0))
                .Select(s => new EntityTypeMetricsDto(s.Type, s.Precision, s.Recall, s.F1, s.Support, s.Predicted, s.Correct))]);
        var message = report is null ? $"Entity figures appear once {SpanTrainer.MinimumEvaluationSentences} sentences are fully answered (correct mode)." : null;
        return new ModelDto(model.Version, model.Sentences, model.TrainedAt, model.EntityTypes,
            new ModelMetricsDto(null, model.TrainingMilliseconds, report?.TokenAccuracy, report?.MacroF1, null, [], null, model.Evaluation?.Sentences), message)
        {
            Entities = entities,
            Encoder = model.Features.Name,
        };
    }

    /// <summary>The tagger's entities in a whole text, sentence by sentence, as UTF-16 offsets into it.</summary>
    private static List<PredictedSpanDto> Tag(SpanModelSnapshot tagger, string text)
    {
        var document = SpanDocument.Read(text);
        var spans = new List<PredictedSpanDto>();
        foreach (var sentence in document.Sentences)
        {
            foreach (var scored in tagger.Tagger.Decode(document.Words(sentence)).Spans)
            {
                var (start, end) = document.Characters(sentence, scored.Span);
                spans.Add(new PredictedSpanDto(start, end, scored.Span.Label, Math.Round(scored.Probability, 4)));
            }
        }

        return spans;
    }

    private static EncodingDto? Encoding(EncodingProgress encoding, int projectId) =>
        encoding.Stage(projectId) is { } p ? new EncodingDto(p.Done, p.Total, p.Stage) : null;

    private static ModelMetricsDto Metrics(ModelSnapshot model)
    {
        var evaluation = model.Evaluation;
        if (evaluation is null)
        {
            return new ModelMetricsDto(null, model.TrainingMilliseconds, null, null, null, [], null, null);
        }

        var perLabel = evaluation.PerLabel.Select((s, c) => new LabelMetricsDto(model.Classes[c], s.Precision, s.Recall, s.F1, s.Support)).ToList();
        return new ModelMetricsDto(evaluation.Accuracy, model.TrainingMilliseconds, evaluation.Accuracy, evaluation.MacroF1, evaluation.AccuracySd,
            perLabel, evaluation.Confusion.Count == 0 ? null : new ConfusionDto(model.Classes, evaluation.Confusion), model.EvaluatedLabels);
    }
}
