using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;

namespace Tagloop.Bench;

/// <summary>
/// A synthetic but realistic project after a team's work, written into a real database: real texts, a 5-label
/// taxonomy with uneven class shares, 20 annotators whose error rates run from 2% to 30% (most errors to a confusable
/// neighbouring label), half the documents answered by two people and half by three, some skips and flags; and the
/// out-of-fold probabilities a cross-validated model would give its labelled documents (right about 85% of the time).
/// </summary>
internal sealed class AnswerState
{
    public static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech", "Health"];

    private static readonly double[] Shares = [0.30, 0.25, 0.20, 0.15, 0.10];

    // The label each one is most often mistaken for.
    private static readonly int[] Neighbour = [2, 0, 3, 2, 3];

    private AnswerState(int projectId, int answers, int skips, OutOfFold outOfFold, float[] answerProbabilities, int[] answerLabels, HashSet<long> wrongMajority)
    {
        ProjectId = projectId;
        Answers = answers;
        Skips = skips;
        OutOfFold = outOfFold;
        AnswerProbabilities = answerProbabilities;
        AnswerLabels = answerLabels;
        WrongMajority = wrongMajority;
    }

    public int ProjectId { get; }

    public int Answers { get; }

    public int Skips { get; }

    /// <summary>Per labelled document: its majority answer as the given class, and the model's out-of-fold probabilities.</summary>
    public OutOfFold OutOfFold { get; }

    /// <summary>Per answer (not per document): its document's probabilities, rows × classes, for confident learning over every answer.</summary>
    public float[] AnswerProbabilities { get; }

    public int[] AnswerLabels { get; }

    /// <summary>Documents whose majority answer is not their true label.</summary>
    public HashSet<long> WrongMajority { get; }

    public static async Task<AnswerState> BuildAsync(TagloopDbContext db, IReadOnlyList<string> texts, int annotators, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var project = (await ProjectCreation.CreateAsync(db, new NewProject("Agreement", "classification", false, [.. Labels.Select(l => new NewLabel(l))], null), time, cancellationToken)).Value!;
        var body = string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t })));
        await using (var input = new MemoryStream(Encoding.UTF8.GetBytes(body)))
        {
            var imported = await new DocumentImporter(db, time).ImportAsync(project.Id, input, new ImportOptions { Format = ImportFormat.Jsonl }, null, cancellationToken);
            if (!imported.Succeeded || imported.Value!.Imported != texts.Count)
            {
                throw new InvalidOperationException($"The {texts.Count:N0} texts did not import whole.");
            }
        }

        var labelIds = await db.Labels.Where(l => l.ProjectId == project.Id).OrderBy(l => l.Order).Select(l => l.Id).ToListAsync(cancellationToken);
        var documents = await db.Documents.Where(d => d.ProjectId == project.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        var random = new Random(42);
        var errorRate = Enumerable.Range(0, annotators).Select(a => 0.02 + (0.28 * a / Math.Max(1, annotators - 1))).ToArray();
        var start = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
        var rows = new List<Annotation>();
        var given = new int[documents.Count];
        var probabilities = new float[documents.Count * Labels.Length];
        var answerProbabilities = new List<float>();
        var answerLabels = new List<int>();
        var wrongMajority = new HashSet<long>();
        var skips = 0;
        var logits = new double[Labels.Length];
        for (var d = 0; d < documents.Count; d++)
        {
            var truth = Draw(random, Shares);
            var people = Enumerable.Range(0, annotators).OrderBy(_ => random.Next()).Take(d < documents.Count / 2 ? 2 : 3).ToList();
            var votes = new int[Labels.Length];
            var answered = new List<int>();
            foreach (var person in people)
            {
                var label = truth;
                if (random.NextDouble() < errorRate[person])
                {
                    label = random.NextDouble() < 0.6 ? Neighbour[truth] : (truth + 1 + random.Next(Labels.Length - 1)) % Labels.Length;
                }

                votes[label]++;
                answered.Add(label);
                rows.Add(new Annotation
                {
                    ProjectId = project.Id,
                    DocumentId = documents[d],
                    Author = $"annotator-{person:00}",
                    CreatedAt = start.AddSeconds((rows.Count * 3) + random.Next(3)),
                    SecondsSpent = Math.Round(4 + (20 * -Math.Log(1 - random.NextDouble())), 1),
                    Flagged = random.NextDouble() < 0.01,
                    Labels = [new AnnotationLabel { LabelId = labelIds[label] }],
                });
            }

            // One document in 40 was skipped by someone else first.
            if (random.Next(40) == 0)
            {
                var others = Enumerable.Range(0, annotators).Where(a => !people.Contains(a)).ToList();
                var skipper = others[random.Next(others.Count)];
                rows.Add(new Annotation { ProjectId = project.Id, DocumentId = documents[d], Author = $"annotator-{skipper:00}", Kind = AnnotationKind.Skip, CreatedAt = start.AddSeconds(rows.Count * 3) });
                skips++;
            }

            // The majority answer is what the model learns (ties: the first given).
            var majority = answered.OrderByDescending(l => votes[l]).First();
            given[d] = majority;
            if (majority != truth)
            {
                wrongMajority.Add(documents[d]);
            }

            // Out-of-fold probabilities: a softmax of noisy logits, the true label's raised.
            var sum = 0.0;
            for (var c = 0; c < Labels.Length; c++)
            {
                logits[c] = Math.Exp((c == truth ? 3.0 : 0) + (1.2 * Gaussian(random)));
                sum += logits[c];
            }

            for (var c = 0; c < Labels.Length; c++)
            {
                probabilities[(d * Labels.Length) + c] = (float)(logits[c] / sum);
            }

            foreach (var label in answered)
            {
                answerLabels.Add(label);
                answerProbabilities.AddRange(probabilities.AsSpan(d * Labels.Length, Labels.Length));
            }
        }

        // Written as the recorder writes answers, in large transactions: recording 100k answers one by one would take long.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var batch in rows.Chunk(10_000))
            {
                db.Annotations.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var outOfFold = new OutOfFold([.. documents], given, probabilities, Labels.Length);
        return new AnswerState(project.Id, answerLabels.Count, skips, outOfFold, [.. answerProbabilities], [.. answerLabels], wrongMajority);
    }

    private static int Draw(Random random, double[] shares)
    {
        var u = random.NextDouble();
        for (var c = 0; c < shares.Length - 1; c++)
        {
            u -= shares[c];
            if (u < 0)
            {
                return c;
            }
        }

        return shares.Length - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
