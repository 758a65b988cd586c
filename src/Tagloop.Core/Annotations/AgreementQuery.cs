using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Annotations;

/// <summary>Agreement on one label, scored as "has it or not" over the shared documents.</summary>
public sealed record LabelAgreement(string Label, Estimate Alpha);

/// <summary>Two annotators over the documents both answered.</summary>
public sealed record PairAgreement(string First, string Second, int Documents, double PercentAgreement, Estimate CohensKappa);

/// <summary>One annotator against the others on the documents they shared: the share of their pairwise comparisons that agreed, and their mean Cohen's κ.</summary>
public sealed record AnnotatorAgreement(string Annotator, int Documents, double PercentAgreement, double MeanKappa);

/// <summary>
/// A project's inter-annotator agreement over its shared documents (two or more people's current answers).
/// <paramref name="Alpha"/> and <paramref name="FleissKappa"/> are over the whole label set for single-label projects
/// and null for multi-label ones, whose agreement is per label.
/// </summary>
public sealed record AgreementReport(
    int Documents, int Annotators, Estimate? Alpha, Estimate? FleissKappa,
    IReadOnlyList<LabelAgreement> PerLabel, IReadOnlyList<PairAgreement> Pairs, IReadOnlyList<AnnotatorAgreement> PerAnnotator)
{
    /// <summary>Span-tagging projects: pairwise span F1 (the figures above then count whole-document answers only).</summary>
    public SpanAgreementReport? Spans { get; init; }
}

/// <summary>
/// Computes agreement from the current human answers (imported labels and skips left out). A document counts when at
/// least two people answered it; intervals are percentile bootstraps over documents (1,000 resamples, seeded).
/// </summary>
public sealed class AgreementQuery(TagloopDbContext db)
{
    public async Task<Outcome<AgreementReport>> ComputeAsync(int projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var answers = await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer && a.Source == AnnotationSources.Human)
            .Select(a => new { a.DocumentId, a.Author, Labels = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var labels = project.Labels.OrderBy(l => l.Order).ToList();
        var index = labels.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var authors = answers.Select(a => a.Author).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var authorIndex = authors.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i, StringComparer.Ordinal);

        // Per shared document: each annotator's set of label indices.
        var shared = answers.GroupBy(a => a.DocumentId)
            .Select(g => g.Select(a => (Annotator: authorIndex[a.Author], Labels: a.Labels.Where(index.ContainsKey).Select(l => index[l]).ToHashSet())).ToList())
            .Where(u => u.Count >= 2)
            .ToList();

        // A bootstrap's resamples depend only on the number of units (and the seed), so statistics over as many units
        // share one set of resamples, drawn once: every label's units are the shared documents, and a single-label
        // project's α and Fleiss' κ are over the documents with two or more counted answers, usually all of them.
        var labelCounts = labels.Select((_, i) => new UnitCounts([.. shared.Select(u => Counts(u.Select(r => r.Labels.Contains(i) ? 1 : 0), 2))])).ToList();
        var statistics = labelCounts.Select(c => (Func<ReadOnlySpan<int>, double>)c.KrippendorffAlpha).ToList();
        Estimate? alpha = null;
        Estimate? fleiss = null;
        Estimate[] labelAlphas;
        if (!project.MultiLabel)
        {
            // A single-label answer has one label; one left without (its label deleted) does not count.
            // Both statistics need only each document's count of answers per label: counted once, so that the
            // bootstrap's thousand resamples of tens of thousands of documents allocate nothing per document.
            var units = shared.Select(u => Counts(u.Where(r => r.Labels.Count == 1).Select(r => r.Labels.First()), labels.Count))
                .Where(c => c.Sum() >= 2).ToList();
            var counts = new UnitCounts(units);
            if (counts.Count == shared.Count)
            {
                var all = Agreement.Bootstrap(shared.Count, [counts.KrippendorffAlpha, counts.FleissKappa, .. statistics]);
                (alpha, fleiss, labelAlphas) = (all[0], all[1], all[2..]);
            }
            else
            {
                var both = Agreement.Bootstrap(counts.Count, [counts.KrippendorffAlpha, counts.FleissKappa]);
                (alpha, fleiss) = (both[0], both[1]);
                labelAlphas = Agreement.Bootstrap(shared.Count, statistics);
            }
        }
        else
        {
            labelAlphas = Agreement.Bootstrap(shared.Count, statistics);
        }

        var perLabel = labels.Select((l, i) => new LabelAgreement(l.Name, labelAlphas[i])).ToList();

        // Pairs compare whole answers (the same label, or the same set of labels).
        var pairs = new List<PairAgreement>();
        var comparisons = new (int Agreed, int Total, double KappaSum, int Kappas)[authors.Count];

        // Each pair's shared documents, in document order, gathered in one pass over the documents.
        var pairDocuments = new Dictionary<(int, int), List<(HashSet<int> First, HashSet<int> Second)>>();
        foreach (var unit in shared)
        {
            var raters = unit.DistinctBy(r => r.Annotator).OrderBy(r => r.Annotator).ToList();
            for (var i = 0; i < raters.Count; i++)
            {
                for (var j = i + 1; j < raters.Count; j++)
                {
                    var key = (raters[i].Annotator, raters[j].Annotator);
                    if (!pairDocuments.TryGetValue(key, out var list))
                    {
                        list = [];
                        pairDocuments[key] = list;
                    }

                    list.Add((raters[i].Labels, raters[j].Labels));
                }
            }
        }

        var coded = new List<(int First, int Second, int Documents, int Agreed, PairedCategories Categories)>();
        for (var a = 0; a < authors.Count; a++)
        {
            for (var b = a + 1; b < authors.Count; b++)
            {
                if (!pairDocuments.TryGetValue((a, b), out var both))
                {
                    continue;
                }

                // Each distinct answer (a label, or a set of labels) is one category.
                var categories = new Dictionary<string, int>(StringComparer.Ordinal);
                int Category(HashSet<int> set) => categories.TryGetValue(Key(set), out var c) ? c : categories[Key(set)] = categories.Count;
                var first = new int[both.Count];
                var second = new int[both.Count];
                for (var d = 0; d < both.Count; d++)
                {
                    first[d] = Category(both[d].First);
                    second[d] = Category(both[d].Second);
                }

                var agreed = first.Zip(second).Count(p => p.First == p.Second);
                coded.Add((a, b, both.Count, agreed, new PairedCategories(first, second)));
            }
        }

        // Each pair's bootstrap is on its own (seeded alike), so they can run side by side and land in pair order.
        var kappaOf = new Estimate[coded.Count];
        Parallel.For(0, coded.Count, new ParallelOptions { CancellationToken = cancellationToken }, p =>
            kappaOf[p] = Agreement.Bootstrap(coded[p].Documents, coded[p].Categories.CohensKappa));
        for (var p = 0; p < coded.Count; p++)
        {
            var (a, b, documents, agreed, _) = coded[p];
            var kappa = kappaOf[p];
            pairs.Add(new PairAgreement(authors[a], authors[b], documents, (double)agreed / documents, kappa));
            foreach (var who in new[] { a, b })
            {
                var (sumAgreed, total, kappaSum, kappas) = comparisons[who];
                comparisons[who] = (sumAgreed + agreed, total + documents, double.IsNaN(kappa.Value) ? kappaSum : kappaSum + kappa.Value, double.IsNaN(kappa.Value) ? kappas : kappas + 1);
            }
        }

        var perAnnotator = authors.Select((name, i) =>
        {
            var documents = shared.Count(u => u.Any(r => r.Annotator == i));
            var (agreedCount, total, kappaSum, kappas) = comparisons[i];
            return new AnnotatorAgreement(name, documents, total == 0 ? double.NaN : (double)agreedCount / total, kappas == 0 ? double.NaN : kappaSum / kappas);
        }).Where(a => a.Documents > 0).ToList();

        return new AgreementReport(shared.Count, perAnnotator.Count, alpha, fleiss, perLabel, pairs, perAnnotator)
        {
            Spans = project.Task == Projects.ProjectTask.SpanTagging ? await SpanAgreementReport.ComputeAsync(db, project, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    private static string Key(HashSet<int> labels) => string.Join(',', labels.Order());

    private static int[] Counts(IEnumerable<int> categories, int count)
    {
        var counts = new int[count];
        foreach (var c in categories)
        {
            counts[c]++;
        }

        return counts;
    }
}
