using System.Globalization;

namespace Tagloop.Core.Training.Difficulty;

/// <summary>
/// How hard each label is for a project's model, and whether the task looks learnable, from the cross-validated
/// evaluations its training runs recorded. Pure: the same runs give the same report.
/// </summary>
/// <remarks>
/// The thresholds, and why:
/// <list type="bullet">
/// <item><c>too-rare</c>: fewer than <see cref="MinimumSupport"/> documents. Five-fold cross-validation then trains on
/// at most six of them and holds out one or two per fold, so one document moves the label's recall by an eighth or
/// more: whatever its F1, it says little. Also a label under <see cref="RareShare"/> of the labels whose F1 is below
/// <see cref="PoorF1"/>: among many labels the model sees too few of it to learn it.</item>
/// <item><c>consider-merging</c>: at least <see cref="MergeShare"/> of the smaller label's held-out documents were
/// guessed as the other, with at least <see cref="MinimumSupport"/> of them. Two labels the model cannot tell apart
/// split their documents by size, so the smaller one loses half or more of its documents to the larger; a pair that
/// is merely hard stays well under that.</item>
/// <item><c>hard</c>: enough documents, F1 below <see cref="PoorF1"/> and at least <see cref="HardGap"/> below the
/// other labels' average.</item>
/// <item>Feasibility, from <see cref="FeasibilityLabels"/> labels: the model must remove at least
/// <see cref="LearnableReduction"/> of the errors of always guessing the most common label, by more than two standard
/// errors of that guess's accuracy, with macro-F1 at least <see cref="PoorF1"/>; removing less than
/// <see cref="NotYetReduction"/>, or staying within one standard error, is no better than guessing yet.</item>
/// </list>
/// </remarks>
public static class LabelDifficulty
{
    public const int MinimumSupport = 8;

    public const double RareShare = 0.03;

    public const double PoorF1 = 0.5;

    public const double MergeShare = 0.4;

    public const double HardGap = 0.25;

    public const int FeasibilityLabels = 20;

    public const double LearnableReduction = 0.4;

    public const double NotYetReduction = 0.15;

    /// <summary>
    /// The report from the latest evaluation and the earlier ones (any order; runs of other tasks or labels are read by
    /// label name). <paramref name="pickedAtRandom"/>: the project's strategy now picks documents at random.
    /// </summary>
    public static LabelDifficultyReport Assess(EvaluatedRun? latest, IEnumerable<EvaluatedRun> history, bool pickedAtRandom)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (latest is null)
        {
            return new LabelDifficultyReport(0, [], null);
        }

        var runs = history.Where(r => r.Task == latest.Task).Append(latest).ToList();
        var k = latest.Classes.Count;
        var notes = Notes(latest);
        var labels = Enumerable.Range(0, k).Select(i => new LabelAssessment(
            latest.Classes[i], latest.Support[i], latest.F1[i], Curve(runs, latest.Classes[i]), Partner(latest, i), notes[i])).ToList();
        var feasibility = latest.Task == EvaluatedTask.Spans || latest.Labels < FeasibilityLabels ? null : Judge(latest, labels, pickedAtRandom);
        return new LabelDifficultyReport(latest.Labels, labels, feasibility);
    }

    /// <summary>The label's F1 at each evaluation that had it, by label count (the latest run per count wins).</summary>
    private static List<LabelCurvePoint> Curve(List<EvaluatedRun> runs, string label)
    {
        var points = new SortedDictionary<int, double>();
        foreach (var run in runs)
        {
            var i = IndexOf(run.Classes, label);
            if (i >= 0)
            {
                points[run.Labels] = run.F1[i];
            }
        }

        return [.. points.Select(p => new LabelCurvePoint(p.Key, p.Value))];
    }

    private static int IndexOf(IReadOnlyList<string> classes, string label)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.Equals(classes[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The other label with the most mix-ups both ways; null without a confusion matrix or a single mix-up.</summary>
    private static ConfusedPartner? Partner(EvaluatedRun run, int i)
    {
        if (run.Confusion.Count == 0)
        {
            return null;
        }

        var best = -1;
        var most = 0;
        for (var j = 0; j < run.Classes.Count; j++)
        {
            var both = j == i ? 0 : run.Confusion[i][j] + run.Confusion[j][i];
            if (both > most)
            {
                (best, most) = (j, both);
            }
        }

        return best < 0 ? null : new ConfusedPartner(run.Classes[best], run.Confusion[i][best], run.Confusion[best][i],
            run.Support[i] == 0 ? 0 : (double)run.Confusion[i][best] / run.Support[i]);
    }

    private static LabelNote?[] Notes(EvaluatedRun run)
    {
        var k = run.Classes.Count;
        var notes = new LabelNote?[k];
        var total = run.Task == EvaluatedTask.SingleLabel ? run.Support.Sum() : run.Labels;

        // Pairs the model cannot tell apart: the smaller label's documents go to the larger one.
        var merges = new (double Share, LabelNote Note)?[k];
        if (run.Confusion.Count != 0)
        {
            for (var a = 0; a < k; a++)
            {
                for (var b = a + 1; b < k; b++)
                {
                    // Of two labels of the same size, the one that loses more of its documents to the other.
                    var (s, o) = run.Support[a] < run.Support[b] || (run.Support[a] == run.Support[b] && run.Confusion[a][b] >= run.Confusion[b][a]) ? (a, b) : (b, a);
                    var share = run.Support[s] == 0 ? 0 : (double)run.Confusion[s][o] / run.Support[s];
                    if (run.Support[s] < MinimumSupport || share < MergeShare)
                    {
                        continue;
                    }

                    var note = MergeNote(run, s, o);
                    foreach (var label in new[] { s, o })
                    {
                        if (merges[label] is not { } kept || share > kept.Share)
                        {
                            merges[label] = (share, note);
                        }
                    }
                }
            }
        }

        for (var i = 0; i < k; i++)
        {
            var support = run.Support[i];
            var f1 = run.F1[i];
            var others = k > 1 ? (run.F1.Sum() - f1) / (k - 1) : f1;
            if (support < MinimumSupport || (total > 0 && (double)support / total < RareShare && f1 < PoorF1))
            {
                notes[i] = RareNote(run, i, total);
            }
            else if (merges[i] is { } merge)
            {
                notes[i] = merge.Note;
            }
            else if (f1 < PoorF1 && f1 <= others - HardGap)
            {
                notes[i] = HardNote(run, i, others);
            }
        }

        return notes;
    }

    private static LabelNote RareNote(EvaluatedRun run, int i, int total)
    {
        var name = run.Classes[i];
        var what = run.Task == EvaluatedTask.Spans ? "entities" : "documents";
        var partner = Partner(run, i);
        var mergeHint = partner is null ? "merge it into a related label" : $"merge it into “{partner.Label}”, the label the model takes it for most";
        var text = run.Support[i] < MinimumSupport
            ? $"Only {Count(run.Support[i], what)} {(run.Support[i] == 1 ? "is" : "are")} labelled “{name}”: too few for the model to learn it (it needs at least {MinimumSupport}, and more for a figure to trust). Label more {what} like them, or {mergeHint}."
            : $"“{name}” is on only {Count(run.Support[i], what)} of {total.ToString("N0", CultureInfo.InvariantCulture)} ({FinePercent((double)run.Support[i] / total)}) and the model finds few of them (F1 {Percent(run.F1[i])}): too rare to learn among the others. Label more {what} like them, or {mergeHint}.";
        return new LabelNote(LabelNote.TooRare, text, partner is null ? null : name, partner?.Label);
    }

    private static LabelNote MergeNote(EvaluatedRun run, int s, int o)
    {
        string small = run.Classes[s], large = run.Classes[o];
        var back = run.Confusion[o][s];
        var text = $"The model can hardly tell “{small}” from “{large}”: {run.Confusion[s][o]} of the {Count(run.Support[s], "documents")} labelled “{small}” " +
            $"were taken for “{large}”{(back > 0 ? $", and {back} the other way" : "")}. If the difference does not matter to you, consider merging “{small}” into “{large}”; " +
            "if it does, spell it out in the guidelines and label more of both.";
        return new LabelNote(LabelNote.ConsiderMerging, text, small, large);
    }

    private static LabelNote HardNote(EvaluatedRun run, int i, double others)
    {
        var name = run.Classes[i];
        var partner = Partner(run, i);
        var text = $"The model finds “{name}” hard: F1 {Percent(run.F1[i])}, against {Percent(others)} for the other labels on average" +
            (partner is { Count: > 0 } ? $"; it most often takes it for “{partner.Label}”" : "") +
            $". Clearer guidelines help; if “{name}” covers several different things, splitting it may help too.";
        return new LabelNote(LabelNote.Hard, text);
    }

    private static Feasibility Judge(EvaluatedRun run, List<LabelAssessment> labels, bool pickedAtRandom)
    {
        var n = run.Labels;
        double baseline, chance, score;
        string guess, measure;
        if (run.Task == EvaluatedTask.SingleLabel)
        {
            var total = Math.Max(1, run.Support.Sum());
            var top = Enumerable.Range(0, run.Classes.Count).MaxBy(i => run.Support[i]);
            baseline = (double)run.Support[top] / total;
            chance = 1.0 / run.Classes.Count;
            score = run.Accuracy;
            n = total;
            guess = $"always guessing the most common label, “{run.Classes[top]}”";
            measure = "right";
        }
        else
        {
            // Multi-label: the macro-F1 of saying yes to every label, 2p / (1 + p) for a label on a share p of documents.
            baseline = run.Support.Average(s => { var p = (double)s / Math.Max(1, n); return 2 * p / (1 + p); });
            chance = baseline;
            score = run.MacroF1;
            guess = "putting every label on every document";
            measure = "macro-F1";
        }

        var error = Math.Sqrt(baseline * (1 - baseline) / Math.Max(1, n));
        var gain = score - baseline;
        var reduction = baseline >= 1 ? 0 : gain / (1 - baseline);
        var verdict = reduction >= LearnableReduction && gain > 2 * error && run.MacroF1 >= PoorF1 ? Feasibility.Learnable
            : reduction < NotYetReduction || gain <= error ? Feasibility.NotYet
            : Feasibility.Unclear;
        var holding = labels.Where(l => l.Note is not null).OrderBy(l => l.F1).ThenBy(l => l.Support).Select(l => l.Label).ToList();
        var figures = measure == "right"
            ? $"({Percent(baseline)} → {Percent(score)} right on documents it did not learn from)"
            : $"(macro-F1 {Percent(baseline)} → {Percent(score)} on documents it did not learn from)";
        var text = verdict switch
        {
            Feasibility.Learnable => $"The model already beats {guess} {figures}.",
            Feasibility.Unclear => $"The model does somewhat better than {guess} {figures}, but with {n.ToString("N0", CultureInfo.InvariantCulture)} labels that could still be luck. Label a few dozen more.",
            _ => $"The model does no better than {guess} {figures}. More labels may change that; if they do not, the labels may need clearer definitions in the guidelines, or merging.",
        };
        if (holding.Count > 0)
        {
            text += $" {(holding.Count == 1 ? "The label" : "The labels")} holding it back: {string.Join(", ", holding.Select(l => $"“{l}”"))}.";
        }

        var caveat = pickedAtRandom
            ? "The documents are now picked at random, so the more you label the fairer these figures become; documents the model picked earlier, because it was unsure of them, still count in them."
            : "A caution: the model picked most of these documents itself, because it was unsure of them, so they are not a fair sample of your collection. " +
              "Figures measured on them can make the model look better or worse than it is, and the most common label among them need not be the most common in the collection. " +
              "For an estimate you can rely on, label about 50 documents picked at random: choose “Random” under Settings → “Which document should come next?”, then switch back.";
        return new Feasibility(verdict, text, caveat, baseline, chance, run.Accuracy, run.MacroF1, n, holding);
    }

    private static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value * 100):0}%");

    /// <summary>A small share with one decimal: "2.5%".</summary>
    private static string FinePercent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value * 100:0.#}%");

    /// <summary>"1 document", "12 documents", "1 entity", "3 entities".</summary>
    private static string Count(int n, string many)
    {
        var one = many == "entities" ? "entity" : many.TrimEnd('s');
        return string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");
    }
}
