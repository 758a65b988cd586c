using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// One application of some rules of a rule set to a corpus: documents in chunks spread over the cores, each chunk's
/// votes kept apart and joined in document order, so the output does not depend on the scheduling.
/// </summary>
internal sealed class RuleRunner
{
    private const int ChunkSize = 1024;

    private readonly CompiledRule[] rules;
    private readonly int[] which;
    private readonly KeywordAutomaton? keywords;
    private readonly int[] keywordPosition;
    private readonly int[] regexPositions;
    private readonly int[] similarPositions;
    private readonly int[] metadataPositions;
    private readonly RuleCorpus corpus;
    private readonly RuleSetOptions options;
    private readonly RuleFailure?[] failures;
    private readonly long budgetTicks;
    private readonly Lock gate = new();

    // Each similarity rule's reference vectors (examples, or its label's description), unit length, by position.
    private readonly float[]?[] references;
    private readonly bool[] failed;

    public RuleRunner(CompiledRule[] rules, int[] which, KeywordAutomaton? keywords, int[] keywordRules, RuleCorpus corpus, RuleSetOptions options)
    {
        this.rules = rules;
        this.which = which;
        this.corpus = corpus;
        this.options = options;
        var position = new int[rules.Length];
        Array.Fill(position, -1);
        for (var p = 0; p < which.Length; p++)
        {
            position[which[p]] = p;
        }

        this.keywords = keywordRules.Length > 0 ? keywords : null;
        keywordPosition = [.. keywordRules.Select(j => position[j])];
        regexPositions = Positions(RuleKind.Regex);
        similarPositions = [.. Positions(RuleKind.Similar).Concat(Positions(RuleKind.LabelDescription)).Order()];
        metadataPositions = Positions(RuleKind.Metadata);
        failures = new RuleFailure?[which.Length];
        failed = new bool[which.Length];
        budgetTicks = (long)Math.Min(long.MaxValue / 2, options.RegexBudget.TotalSeconds * options.TimeProvider.TimestampFrequency);
        references = new float[]?[which.Length];
        CheckCorpus();

        int[] Positions(RuleKind kind) => [.. Enumerable.Range(0, which.Length).Where(p => rules[which[p]].Kind == kind)];
    }

    /// <summary>Each rule's voted documents (ascending) and failure, by position in the rules asked for.</summary>
    public (int[][] Votes, RuleFailure?[] Failures) Run(CancellationToken cancellationToken)
    {
        var documents = corpus.Documents;
        var chunks = (documents + ChunkSize - 1) / ChunkSize;
        var results = new List<int>?[chunks][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(0, chunks, parallel, () => new Worker(corpus.Vectors?.Dimension ?? 0, which.Length), (chunk, _, worker) =>
        {
            results[chunk] = RunChunk(chunk * ChunkSize, Math.Min(documents, (chunk + 1) * ChunkSize), worker);
            return worker;
        }, static _ => { });

        var votes = new int[which.Length][];
        for (var p = 0; p < which.Length; p++)
        {
            if (failed[p])
            {
                votes[p] = [];
                continue;
            }

            var total = 0;
            foreach (var chunk in results)
            {
                total += chunk[p]?.Count ?? 0;
            }

            var column = new int[total];
            var at = 0;
            foreach (var chunk in results)
            {
                if (chunk[p] is { } list)
                {
                    list.CopyTo(column, at);
                    at += list.Count;
                }
            }

            votes[p] = column;
        }

        return (votes, failures);
    }

    private List<int>?[] RunChunk(int from, int to, Worker worker)
    {
        var chunk = new List<int>?[which.Length];
        var dimension = corpus.Vectors?.Dimension ?? 0;
        for (var doc = from; doc < to; doc++)
        {
            var text = corpus.Texts[doc] ?? string.Empty;
            if (keywords is not null)
            {
                worker.Matched.Clear();
                keywords.Match(text, worker.Keywords, worker.Matched);
                foreach (var a in worker.Matched)
                {
                    Add(chunk, keywordPosition[a], doc);
                }
            }

            foreach (var p in regexPositions)
            {
                if (!Volatile.Read(ref failed[p]) && Regex(p, doc, text, worker))
                {
                    Add(chunk, p, doc);
                }
            }

            if (similarPositions.Length > 0)
            {
                var row = worker.Row;
                var read = false;
                var norm = 0f;
                foreach (var p in similarPositions)
                {
                    if (references[p] is not { } reference)
                    {
                        continue;
                    }

                    if (!read)
                    {
                        corpus.Vectors!.CopyRow(doc, row);
                        norm = TensorPrimitives.Norm(row.AsSpan(0, dimension));
                        read = true;
                    }

                    if (norm > 0 && Similar(row.AsSpan(0, dimension), norm, reference, rules[which[p]].Definition.Threshold!.Value))
                    {
                        Add(chunk, p, doc);
                    }
                }
            }

            foreach (var p in metadataPositions)
            {
                var definition = rules[which[p]].Definition;
                if (!Volatile.Read(ref failed[p]) && corpus.Metadata![doc] is { } fields && fields.TryGetValue(definition.MetaField!, out var value)
                    && string.Equals(value, definition.MetaValue, StringComparison.Ordinal))
                {
                    Add(chunk, p, doc);
                }
            }
        }

        return chunk;
    }

    private bool Regex(int p, int doc, string text, Worker worker)
    {
        var rule = rules[which[p]];
        var regex = worker.Regexes[p] ??= rule.CopyRegex();
        var time = options.TimeProvider;
        var start = time.GetTimestamp();
        bool hit;
        try
        {
            hit = regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // Once more before failing the rule: a pause of the thread (a collection, a busy machine) is not the pattern's fault.
            try
            {
                hit = regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                Fail(p, doc, $"{rule.Title}: the regular expression '{rule.Definition.Pattern}' ran over {options.RegexTimeout.TotalMilliseconds:0.#} ms on document {doc} and was stopped; simplify it (nested repetition such as (a+)+ can take time exponential in the text).");
                return false;
            }
        }

        // Each thread keeps its own account (no shared counter per document), so the rule stops once one thread has
        // spent the budget: in all, at most the budget times the threads.
        worker.RegexTicks[p] += time.GetTimestamp() - start;
        worker.RegexDocuments[p]++;
        if (worker.RegexTicks[p] > budgetTicks)
        {
            Fail(p, null, $"{rule.Title}: the regular expression '{rule.Definition.Pattern}' ran over its budget of {options.RegexBudget.TotalSeconds:0.#} s (stopped after {worker.RegexDocuments[p]} documents on one thread); simplify it.");
        }

        return hit;
    }

    private static bool Similar(ReadOnlySpan<float> row, float norm, float[] reference, double threshold)
    {
        var d = row.Length;
        for (var at = 0; at < reference.Length; at += d)
        {
            if (TensorPrimitives.Dot(row, reference.AsSpan(at, d)) / norm >= threshold)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<int>?[] chunk, int p, int doc) => (chunk[p] ??= []).Add(doc);

    private void Fail(int p, int? doc, string message)
    {
        lock (gate)
        {
            // Of several documents that time out at once, the first in document order is named.
            if (failures[p] is null || (doc is { } d && failures[p]!.Document is { } earlier && d < earlier))
            {
                failures[p] = new RuleFailure(which[p], rules[which[p]].Definition.Name, doc, message);
            }

            Volatile.Write(ref failed[p], true);
        }
    }

    /// <summary>Checks what the rules need from the corpus and embeds the similarity rules' references.</summary>
    private void CheckCorpus()
    {
        var documents = corpus.Documents;
        if (corpus.Vectors is { } vectors && vectors.Rows != documents)
        {
            throw new ArgumentException($"The corpus has {documents} texts but {vectors.Rows} vectors.", nameof(corpus));
        }

        if (corpus.Metadata is { } metadata && metadata.Count != documents)
        {
            throw new ArgumentException($"The corpus has {documents} texts but {metadata.Count} metadata entries.", nameof(corpus));
        }

        foreach (var p in metadataPositions.Where(_ => corpus.Metadata is null))
        {
            Fail(p, null, $"{rules[which[p]].Title}: a metadata rule needs the documents' metadata, which the corpus lacks.");
        }

        var texts = new List<string>();
        var owners = new List<int>();
        foreach (var p in similarPositions)
        {
            var rule = rules[which[p]];
            if (corpus.Vectors is null)
            {
                Fail(p, null, $"{rule.Title}: a similarity rule needs the documents' vectors, which the corpus lacks.");
                continue;
            }

            if (corpus.Encoder is null)
            {
                Fail(p, null, $"{rule.Title}: a similarity rule needs the encoder that made the documents' vectors, which the corpus lacks.");
                continue;
            }

            if (corpus.Encoder.Dimension != corpus.Vectors.Dimension)
            {
                throw new ArgumentException($"The corpus's encoder '{corpus.Encoder.Name}' gives {corpus.Encoder.Dimension} dimensions but its vectors have {corpus.Vectors.Dimension}.", nameof(corpus));
            }

            if (rule.Kind == RuleKind.Similar)
            {
                texts.AddRange(rule.Definition.Examples);
                owners.AddRange(rule.Definition.Examples.Select(_ => p));
            }
            else if (corpus.LabelDescriptions?.TryGetValue(rule.Definition.Label, out var description) == true && !string.IsNullOrWhiteSpace(description))
            {
                texts.Add(description);
                owners.Add(p);
            }
            else
            {
                Fail(p, null, $"{rule.Title}: its label '{rule.Definition.Label}' has no description to compare documents with.");
            }
        }

        if (texts.Count == 0)
        {
            return;
        }

        var d = corpus.Vectors!.Dimension;
        var embedded = new float[texts.Count * d];
        corpus.Encoder!.Encode(texts, embedded);
        foreach (var group in Enumerable.Range(0, texts.Count).GroupBy(i => owners[i]))
        {
            var reference = new List<float>();
            foreach (var i in group)
            {
                var row = embedded.AsSpan(i * d, d);
                var norm = TensorPrimitives.Norm(row);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(row, norm, row);
                    reference.AddRange(row);
                }
            }

            references[group.Key] = [.. reference];
        }
    }

    /// <summary>One thread's scratch: keyword buffers, a vector row, and its share of each regex rule's time.</summary>
    private sealed class Worker(int dimension, int positions)
    {
        public KeywordScratch Keywords { get; } = new();

        public List<int> Matched { get; } = [];

        public float[] Row { get; } = new float[Math.Max(1, dimension)];

        public long[] RegexTicks { get; } = new long[positions];

        /// <summary>The thread's own copy of each regex rule's expression: a Regex keeps one matcher for reuse, and threads sharing it would each make a new one per document.</summary>
        public Regex?[] Regexes { get; } = new Regex?[positions];

        public long[] RegexDocuments { get; } = new long[positions];
    }
}
