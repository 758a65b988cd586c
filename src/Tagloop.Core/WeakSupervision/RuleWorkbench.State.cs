using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Taxonomy;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>The per-project cache: the corpus, the vectors, each saved rule's column and the switched-on rules' matrix.</summary>
public sealed partial class RuleWorkbench
{
    /// <summary>
    /// Brings the project's cache up to date under its gate — the corpus when documents changed, the vectors when a
    /// similarity rule needs them and more were encoded, a column for each saved rule whose version is new — and
    /// returns it as it then stands.
    /// </summary>
    private async Task<State> StateAsync(
        TagloopDbContext db, int projectId, string encoder, IReadOnlyList<Label> labels, bool draftNeedsVectors, CancellationToken cancellationToken)
    {
        var version = await RuleCorpusSnapshot.VersionAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var rules = await db.LabellingRules.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var entry = entries.GetOrAdd(projectId, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Corpus is null || entry.Corpus.Version != version)
            {
                entry.Corpus = await RuleCorpusSnapshot.ReadAsync(db, projectId, cancellationToken).ConfigureAwait(false);
                entry.Reset();
                entry.Vectors = null;
            }

            var corpus = entry.Corpus;

            // Rules vote label names mapped to class indices here; a renamed, added, removed or re-described label
            // can change any column, so they are all applied again.
            var classesKey = string.Join('\n', labels.Select(l => $"{l.Id}\t{l.Name}\t{l.Description}"));
            if (classesKey != entry.ClassesKey)
            {
                entry.Reset();
                entry.ClassesKey = classesKey;
            }

            var classes = Classes(labels);
            var classOf = labels.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
            var descriptions = labels.Where(l => !string.IsNullOrWhiteSpace(l.Description)).ToDictionary(l => l.Name, l => l.Description, StringComparer.Ordinal);
            var byId = labels.ToDictionary(l => l.Id);
            var written = new List<Written>(rules.Count);
            foreach (var rule in rules)
            {
                var label = rule.LabelId is { } labelId ? byId.GetValueOrDefault(labelId) : null;
                var examples = rule.ExampleDocumentIds.Select(corpus.IndexOf).Where(i => i >= 0).Select(i => corpus.Texts[i]);
                var definition = LabellingRules.DefinitionOf(rule, label, examples, out var problem);
                written.Add(new Written(rule, label, definition, problem));
            }

            RuleVectors? vectors = null;
            if (draftNeedsVectors || written.Any(w => w.Definition is { } d && IsSimilarity(d.Kind)))
            {
                vectors = Vectors(entry, projectId, encoder, corpus);
            }

            var missing = written.Where(w => w.Definition is { } d && !(IsSimilarity(d.Kind) && vectors?.Rows is null)
                && !(entry.Columns.TryGetValue(w.Rule.Id, out var column) && column.Version == w.Rule.Version)).ToList();
            Apply(entry, missing, new RuleCorpus(corpus.Texts)
            {
                Metadata = corpus.Metadata,
                LabelDescriptions = descriptions,
                Vectors = vectors?.Rows,
                Encoder = vectors?.Encoder,
            }, corpus.Ids, classes, cancellationToken);

            // Columns of deleted rules go.
            foreach (var gone in entry.Columns.Keys.Except(rules.Select(r => r.Id)).ToList())
            {
                entry.Columns.Remove(gone);
            }

            var saved = new List<SavedRule>(written.Count);
            var enabled = new List<(int Id, int Version)>();
            foreach (var w in written)
            {
                var @class = w.Label is null ? -1 : classOf[w.Label.Id];
                var name = w.Label?.Name ?? w.Rule.LabelName;
                if (w.Definition is null || !entry.Columns.TryGetValue(w.Rule.Id, out var column))
                {
                    var error = w.Problem ?? vectors?.Missing ?? "Similarity rules need the documents' sentence vectors, which are not there.";
                    saved.Add(new SavedRule(w.Rule, name, @class, -1, Empty(@class), error));
                    continue;
                }

                // Rules that ran count in the matrix when switched on; a rule that failed votes nowhere.
                var at = w.Rule.Enabled && column.Error is null ? enabled.Count : -1;
                if (at >= 0)
                {
                    enabled.Add((w.Rule.Id, w.Rule.Version));
                }

                saved.Add(new SavedRule(w.Rule, name, @class, at, column.Votes, column.Error));
            }

            var matrix = Matrix(entry, enabled, corpus.Count, classes.Length);
            return new State(corpus, classes, classOf, descriptions, saved, matrix, vectors);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The switched-on rules' matrix: the last one with the changed columns replaced when the same rules are on, else built from the columns.</summary>
    private static LabelMatrix Matrix(Entry entry, List<(int Id, int Version)> enabled, int documents, int classes)
    {
        if (entry.Matrix is { } last && last.Documents == documents && last.Classes == classes
            && entry.MatrixRules.Select(r => r.Id).SequenceEqual(enabled.Select(r => r.Id)))
        {
            for (var j = 0; j < enabled.Count; j++)
            {
                if (entry.MatrixRules[j].Version != enabled[j].Version)
                {
                    last = last.WithRule(j, entry.Columns[enabled[j].Id].Votes);
                }
            }

            entry.Matrix = last;
        }
        else
        {
            entry.Matrix = new LabelMatrix(documents, classes, [.. enabled.Select(r => entry.Columns[r.Id].Votes)]);
        }

        entry.MatrixRules = [.. enabled];
        return entry.Matrix;
    }

    /// <summary>Applies the rules whose columns are missing or stale, together (one pass for their keywords), and keeps their columns.</summary>
    private void Apply(Entry entry, List<Written> missing, RuleCorpus corpus, long[] ids, string[] classes, CancellationToken cancellationToken)
    {
        if (missing.Count == 0)
        {
            return;
        }

        RuleSet? together = null;
        try
        {
            together = RuleSet.Compile([.. missing.Select(w => w.Definition!)], classes, options);
        }
        catch (ArgumentException)
        {
            // One of them does not compile: each alone below, so the others still run.
        }

        if (together is not null)
        {
            var application = together.Apply(corpus, cancellationToken);
            for (var j = 0; j < missing.Count; j++)
            {
                var failure = application.FailureOf(j);
                entry.Columns[missing[j].Rule.Id] = new Column(missing[j].Rule.Version, missing[j].Definition!.Kind, application.Matrix.Rule(j),
                    failure is null ? null : Describe(failure, ids));
            }
        }
        else
        {
            foreach (var w in missing)
            {
                var (votes, error) = Run(w.Definition!, classes, corpus, ids, cancellationToken);
                entry.Columns[w.Rule.Id] = new Column(w.Rule.Version, w.Definition!.Kind, votes, error);
            }
        }

        Interlocked.Add(ref applied, missing.Count);
    }

    /// <summary>A draft applied to the state's corpus: its votes, or none and why.</summary>
    private (RuleVotes Votes, string? Error) Run(RuleDefinition definition, State state, CancellationToken cancellationToken)
    {
        if (IsSimilarity(definition.Kind) && state.Vectors?.Rows is null)
        {
            return (Empty(Array.IndexOf(state.Classes, definition.Label)), state.Vectors?.Missing ?? "Similarity rules need the documents' sentence vectors, which are not there.");
        }

        return Run(definition, state.Classes, new RuleCorpus(state.Corpus.Texts)
        {
            Metadata = state.Corpus.Metadata,
            LabelDescriptions = state.Descriptions,
            Vectors = state.Vectors?.Rows,
            Encoder = state.Vectors?.Encoder,
        }, state.Corpus.Ids, cancellationToken);
    }

    private (RuleVotes Votes, string? Error) Run(RuleDefinition definition, string[] classes, RuleCorpus corpus, long[] ids, CancellationToken cancellationToken)
    {
        RuleSet set;
        try
        {
            set = RuleSet.Compile([definition], classes, options);
        }
        catch (ArgumentException e)
        {
            return (Empty(Array.IndexOf(classes, definition.Label)), Describe(e, definition.Name));
        }

        var preview = set.ApplyOne(0, corpus, cancellationToken);
        return (preview.Votes, preview.Failure is { } failure ? Describe(failure, ids) : null);
    }

    /// <summary>
    /// The vectors similarity rules read, kept while the project's encoder and its count of stored vectors stay the same;
    /// when they change, the similarity rules' columns go. A model that cannot be loaded is not remembered: the next
    /// request tries again.
    /// </summary>
    private RuleVectors Vectors(Entry entry, int projectId, string setting, RuleCorpusSnapshot corpus)
    {
        var known = TextEncoderCatalog.Normalise(setting);
        var canonical = known ?? setting;
        var dense = known is null ? null : TextEncoderCatalog.Parts(known).Dense;
        RuleVectors? fresh = null;
        string key;
        if (dense is null)
        {
            key = "none " + canonical;
            fresh = RuleVectors.None(key, $"The project reads documents with {canonical}, which gives no sentence vectors; similarity rules need minilm or minilm+tfidf (the project's settings).");
        }
        else if (embeddings is null || encoders is null)
        {
            key = "no store";
            fresh = RuleVectors.None(key, "This server keeps no sentence vectors, which similarity rules need.");
        }
        else
        {
            IDenseTextEncoder model;
            try
            {
                model = encoders.Get(dense);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
            {
                return RuleVectors.None("failed", $"The sentence model {dense} could not be loaded ({e.Message}); similarity rules need it.");
            }

            key = $"{dense} {embeddings.Count(projectId, dense, model.Dimension)}";
            if (entry.Vectors?.Key != key)
            {
                using var view = embeddings.Open(projectId, dense, model.Dimension);
                fresh = view is null
                    ? RuleVectors.None(key, $"No document of the project has its sentence vector ({dense}) yet; they are being computed, so try again shortly.")
                    : RuleVectors.Read(key, view, model, corpus);
            }
        }

        if (entry.Vectors?.Key != key)
        {
            entry.Vectors = fresh;
            foreach (var id in entry.Columns.Where(c => IsSimilarity(c.Value.Kind)).Select(c => c.Key).ToList())
            {
                entry.Columns.Remove(id);
            }

            entry.Matrix = null;
        }

        return entry.Vectors!;
    }

    /// <summary>The project's label names in order; a project of one label gets a second class no rule votes (the algorithms need two).</summary>
    private static string[] Classes(IReadOnlyList<Label> labels)
    {
        var names = labels.Select(l => l.Name).ToList();
        var filler = "(no label)";
        while (names.Count < 2)
        {
            while (names.Contains(filler, StringComparer.Ordinal))
            {
                filler += "'";
            }

            names.Add(filler);
        }

        return [.. names];
    }

    /// <summary>A rule's failure in words, without the rule's title (the response says which rule), naming the document by its id.</summary>
    private static string Describe(RuleFailure failure, long[] ids)
    {
        var message = Untitled(failure.Message, $"Rule {failure.Rule} '{failure.RuleName}'");
        return failure.Document is { } at && at < ids.Length
            ? message.Replace($" on document {at} ", $" on document {ids[at]} ", StringComparison.Ordinal)
            : message;
    }

    /// <summary>Why a rule did not compile, without the rule's title and the parameter's name.</summary>
    private static string Describe(ArgumentException e, string ruleName)
    {
        var message = e.ParamName is { } parameter ? e.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal) : e.Message;
        return Untitled(message, $"Rule 0 '{ruleName}'");
    }

    private static string Untitled(string message, string title)
    {
        var prefix = title + ": ";
        var rest = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return rest.Length == 0 ? rest : char.ToUpperInvariant(rest[0]) + rest[1..];
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public RuleCorpusSnapshot? Corpus { get; set; }

        public string? ClassesKey { get; set; }

        public RuleVectors? Vectors { get; set; }

        /// <summary>Each saved rule's votes, by rule id, for the version they were applied at.</summary>
        public Dictionary<int, Column> Columns { get; } = [];

        public LabelMatrix? Matrix { get; set; }

        public (int Id, int Version)[] MatrixRules { get; set; } = [];

        /// <summary>The last label model chosen, with what it was chosen on; set outside the gate (one reference, replaced whole).</summary>
        public FittedChoice? LabelModel { get; set; }

        /// <summary>The last weak labels handed to the trainer, with what they were computed from; set outside the gate like <see cref="LabelModel"/>.</summary>
        public KeptLoopLabels? LoopLabels { get; set; }

        public void Reset()
        {
            Columns.Clear();
            Matrix = null;
            MatrixRules = [];
        }
    }

    private sealed record Column(int Version, RuleKind Kind, RuleVotes Votes, string? Error);

    private sealed record KeptLoopLabels(LabelMatrix Matrix, ulong Gold, ProjectWeakLabels? Labels);

    private sealed record FittedChoice(LabelMatrix Matrix, ulong Gold, bool MultiLabel, LabelModelSummary Summary);

    private sealed record Written(LabellingRule Rule, Label? Label, RuleDefinition? Definition, string? Problem);

    /// <summary>A saved rule as the figures read it: its label (name, class or -1), its column in the matrix (-1 when not in it), votes and error.</summary>
    private sealed record SavedRule(LabellingRule Rule, string Label, int Class, int EnabledColumn, RuleVotes Votes, string? Error);

    private sealed record State(
        RuleCorpusSnapshot Corpus, string[] Classes, IReadOnlyDictionary<int, int> ClassOf, IReadOnlyDictionary<string, string> Descriptions,
        IReadOnlyList<SavedRule> Rules, LabelMatrix Enabled, RuleVectors? Vectors);
}
