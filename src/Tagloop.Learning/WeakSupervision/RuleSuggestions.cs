namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Keyword rules suggested from labelled documents: the words and pairs of words (<see cref="NgramReader"/>; stop words
/// skipped) that occur in at least <see cref="RuleSuggestionOptions.MinSupport"/> labelled documents and point to one
/// class, ranked by the lower end of the Wilson score interval of their precision (the share of the labelled documents
/// holding them that have the class) so that a term seen twice does not outrank one seen forty times. A term is kept
/// only when that lower end beats the class's share of the labelled documents (it tells more than the class balance),
/// and is skipped when a keyword term of an existing rule already matches it (every document it would cover is already
/// matched). Its coverage is counted over the whole corpus.
/// </summary>
public static class RuleSuggestions
{
    /// <summary>
    /// Up to <paramref name="maxPerClass"/> suggestions per class, by class and then best first.
    /// <paramref name="goldDocuments"/> index <paramref name="texts"/>; <paramref name="goldClasses"/> index <paramref name="classes"/>.
    /// </summary>
    public static IReadOnlyList<RuleSuggestion> Suggest(
        IReadOnlyList<string> texts, IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses, IReadOnlyList<string> classes,
        IReadOnlyList<RuleDefinition>? existing = null, int maxPerClass = 10, RuleSuggestionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(goldDocuments);
        ArgumentNullException.ThrowIfNull(goldClasses);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPerClass);
        options ??= new RuleSuggestionOptions();
        Validate(texts, goldDocuments, goldClasses, classes, options);
        var stop = new HashSet<string>(options.StopWords ?? StopWords.English, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        // Per class, how many labelled documents hold each word or pair.
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var balance = new int[classes.Count];
        var reader = new NgramReader();
        var ranges = new List<(int Start, int End)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < goldDocuments.Count; g++)
        {
            var c = goldClasses[g];
            balance[c]++;
            reader.Read(texts[goldDocuments[g]] ?? string.Empty);
            Ngrams(reader, stop, options.Pairs, ranges);
            seen.Clear();
            foreach (var (start, end) in ranges)
            {
                var term = new string(reader.Text[start..end]);
                if (seen.Add(term))
                {
                    if (!counts.TryGetValue(term, out var perClass))
                    {
                        counts[term] = perClass = new int[classes.Count];
                    }

                    perClass[c]++;
                }
            }
        }

        var covered = Covered(existing);
        var candidates = new List<(string Term, int Class, int Labelled, int Correct, double Lower)>();
        foreach (var (term, perClass) in counts)
        {
            var labelled = perClass.Sum();
            if (labelled < options.MinSupport)
            {
                continue;
            }

            var c = Array.IndexOf(perClass, perClass.Max());
            var lower = WilsonLower(perClass[c], labelled, options.Z);
            if (lower > (double)balance[c] / goldDocuments.Count && !covered(term))
            {
                candidates.Add((term, c, labelled, perClass[c], lower));
            }
        }

        var coverage = Coverage(texts, candidates.Select(t => t.Term).ToArray(), stop, options, cancellationToken);
        return
        [
            .. candidates
                .Select((t, i) => new RuleSuggestion(
                    t.Term, t.Class, classes[t.Class], t.Labelled, t.Correct, (double)t.Correct / t.Labelled, t.Lower, coverage[i],
                    texts.Count == 0 ? 0 : (double)coverage[i] / texts.Count))
                .GroupBy(s => s.Class)
                .OrderBy(g => g.Key)
                .SelectMany(g => g
                    .OrderByDescending(s => s.PrecisionLower)
                    .ThenByDescending(s => s.Coverage)
                    .ThenBy(s => s.Term, StringComparer.Ordinal)
                    .Take(maxPerClass)),
        ];
    }

    /// <summary>The Wilson score interval's lower end, <paramref name="z"/> standard errors down, for <paramref name="right"/> of <paramref name="n"/>.</summary>
    internal static double WilsonLower(int right, int n, double z)
    {
        var p = (double)right / n;
        var centre = p + (z * z / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4.0 * n * n)));
        return (centre - spread) / (1 + (z * z / n));
    }

    /// <summary>The words and pairs of the text <paramref name="reader"/> last read that may be suggested, as offsets into its text.</summary>
    private static void Ngrams(NgramReader reader, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> stop, bool pairs, List<(int Start, int End)> ranges)
    {
        ranges.Clear();
        var words = reader.Words;
        var text = reader.Text;
        for (var w = 0; w < words.Count; w++)
        {
            var (start, end, letter) = words[w];
            var word = text[start..end];
            var tiny = word.Length == 1 && word[0] < 128;
            var isStop = stop.Contains(word);
            if (letter && !tiny && !isStop)
            {
                ranges.Add((start, end));
            }

            if (pairs && w + 1 < words.Count && reader.Pairs(w))
            {
                var (nextStart, nextEnd, nextLetter) = words[w + 1];
                var next = text[nextStart..nextEnd];
                if ((letter || nextLetter) && !tiny && !(next.Length == 1 && next[0] < 128) && !(isStop && stop.Contains(next)))
                {
                    ranges.Add((start, nextEnd));
                }
            }
        }
    }

    /// <summary>Whether a keyword term of an existing rule matches a candidate term's text.</summary>
    private static Func<string, bool> Covered(IReadOnlyList<RuleDefinition>? existing)
    {
        var terms = new List<KeywordTerm>();
        foreach (var rule in existing ?? [])
        {
            if (rule?.Kind != RuleKind.Keywords)
            {
                continue;
            }

            foreach (var term in rule.Terms ?? [])
            {
                try
                {
                    terms.Add(KeywordTerm.Parse(term, rule.CaseSensitive));
                }
                catch (FormatException)
                {
                    // A term the rule set would refuse matches nothing.
                }
            }
        }

        if (terms.Count == 0)
        {
            return static _ => false;
        }

        var automaton = new KeywordAutomaton([.. terms.Select(t => ((IReadOnlyList<KeywordTerm>)[t], false))]);
        var scratch = new KeywordScratch();
        var matched = new List<int>();
        return term =>
        {
            matched.Clear();
            automaton.Match(term, scratch, matched);
            return matched.Count > 0;
        };
    }

    /// <summary>How many documents of the corpus hold each of <paramref name="terms"/>.</summary>
    private static int[] Coverage(IReadOnlyList<string> texts, string[] terms, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> stop, RuleSuggestionOptions options, CancellationToken cancellationToken)
    {
        var coverage = new int[terms.Length];
        if (terms.Length == 0)
        {
            return coverage;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            index[terms[i]] = i;
        }

        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var gate = new Lock();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, texts.Count, 1024),
            parallel,
            () => (Reader: new NgramReader(), Ranges: new List<(int, int)>(), Counts: new int[terms.Length], Last: new int[terms.Length]),
            (range, _, local) =>
            {
                for (var doc = range.Item1; doc < range.Item2; doc++)
                {
                    local.Reader.Read(texts[doc] ?? string.Empty);
                    Ngrams(local.Reader, stop, options.Pairs, local.Ranges);
                    foreach (var (start, end) in local.Ranges)
                    {
                        if (lookup.TryGetValue(local.Reader.Text[start..end], out var t) && local.Last[t] != doc + 1)
                        {
                            local.Last[t] = doc + 1;
                            local.Counts[t]++;
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var t = 0; t < terms.Length; t++)
                    {
                        coverage[t] += local.Counts[t];
                    }
                }
            });
        return coverage;
    }

    private static void Validate(IReadOnlyList<string> texts, IReadOnlyList<int> gold, IReadOnlyList<int> goldClasses, IReadOnlyList<string> classes, RuleSuggestionOptions options)
    {
        if (gold.Count != goldClasses.Count)
        {
            throw new ArgumentException($"{gold.Count} gold documents but {goldClasses.Count} gold classes.", nameof(goldClasses));
        }

        var seen = new HashSet<int>();
        for (var g = 0; g < gold.Count; g++)
        {
            if (gold[g] < 0 || gold[g] >= texts.Count || !seen.Add(gold[g]))
            {
                throw new ArgumentException($"Gold document {g} is {gold[g]}: an index into the texts (0 to {texts.Count - 1}), each once.", nameof(gold));
            }

            if (goldClasses[g] < 0 || goldClasses[g] >= classes.Count)
            {
                throw new ArgumentException($"Gold document {g}'s class is {goldClasses[g]}, not one of 0 to {classes.Count - 1}.", nameof(goldClasses));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSupport, 1, nameof(options));
        if (double.IsNaN(options.Z) || options.Z < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Z, "Z must be zero or more.");
        }

        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "Use a positive number of threads, or -1 for every core.");
        }
    }
}
