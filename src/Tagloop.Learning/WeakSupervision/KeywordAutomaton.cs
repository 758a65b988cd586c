namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Every keyword rule of a rule set in one Aho–Corasick automaton (Aho and Corasick 1975) over the folded text, so a
/// document is read once whatever the number of rules and terms. Terms are found wherever their folded characters
/// occur; each occurrence is then checked against the term's word boundaries and, for a case-sensitive term, against
/// the original characters. The automaton is a full transition table over the characters the terms use while that
/// table stays small, else goto and failure links. Immutable and thread-safe; each thread brings its own
/// <see cref="KeywordScratch"/>.
/// </summary>
internal sealed class KeywordAutomaton
{
    /// <summary>The most cells (states × symbols) of the full transition table.</summary>
    public const int DefaultDenseLimit = 1 << 23;

    private readonly ushort[] symbolOf = new ushort[char.MaxValue + 1];
    private readonly int width;

    // Full table (null in the sparse form): next state = delta[state * width + symbol].
    private readonly int[]? delta;

    // Sparse form: a state's children are childSymbol/childState[childStart[s] .. childStart[s + 1]), by symbol.
    private readonly int[] childStart;
    private readonly ushort[] childSymbol;
    private readonly int[] childState;
    private readonly int[] fail;

    // The first state on a state's failure chain (itself included) where a pattern ends, then the next, or -1.
    private readonly int[] firstOutput;
    private readonly int[] nextOutput;
    private readonly int[] patternAt;

    private readonly int[] patternLength;
    private readonly int[] patternTermStart;
    private readonly int[] patternTerms;

    private readonly KeywordTerm[] terms;
    private readonly int[] termRule;
    private readonly int[] ruleTerms;
    private readonly bool[] ruleAll;

    /// <summary>Builds the automaton for <paramref name="rules"/> (each a list of terms and whether all must occur).</summary>
    public KeywordAutomaton(IReadOnlyList<(IReadOnlyList<KeywordTerm> Terms, bool All)> rules, int denseLimit = DefaultDenseLimit)
    {
        Rules = rules.Count;
        ruleAll = [.. rules.Select(r => r.All)];
        ruleTerms = [.. rules.Select(r => r.Terms.Count)];
        terms = [.. rules.SelectMany(r => r.Terms)];
        termRule = [.. rules.SelectMany((r, i) => r.Terms.Select(_ => i))];
        NeedsOriginal = terms.Any(t => t.CaseSensitive);

        // Patterns are the distinct folded texts; each lists the terms (of any rule) it stands for.
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var byPattern = new List<List<int>>();
        for (var t = 0; t < terms.Length; t++)
        {
            if (!patternIds.TryGetValue(terms[t].Folded, out var p))
            {
                p = byPattern.Count;
                patternIds.Add(terms[t].Folded, p);
                byPattern.Add([]);
            }

            byPattern[p].Add(t);
        }

        var patterns = new string[byPattern.Count];
        foreach (var (text, p) in patternIds)
        {
            patterns[p] = text;
        }

        patternLength = [.. patterns.Select(p => p.Length)];
        patternTermStart = new int[patterns.Length + 1];
        for (var p = 0; p < patterns.Length; p++)
        {
            patternTermStart[p + 1] = patternTermStart[p] + byPattern[p].Count;
        }

        patternTerms = [.. byPattern.SelectMany(l => l)];

        // Symbols: 0 for every character no pattern uses, then the used ones in code order.
        var used = patterns.SelectMany(p => p).Distinct().Order().ToArray();
        if (used.Length >= ushort.MaxValue)
        {
            throw new ArgumentException($"The keyword rules use {used.Length} distinct characters; at most {ushort.MaxValue - 1} are supported.");
        }

        for (var i = 0; i < used.Length; i++)
        {
            symbolOf[used[i]] = (ushort)(i + 1);
        }

        width = used.Length + 1;

        // The trie.
        var children = new List<SortedDictionary<ushort, int>> { new() };
        var terminal = new List<int> { -1 };
        for (var p = 0; p < patterns.Length; p++)
        {
            var s = 0;
            foreach (var c in patterns[p])
            {
                var a = symbolOf[c];
                if (!children[s].TryGetValue(a, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    terminal.Add(-1);
                    children[s].Add(a, next);
                }

                s = next;
            }

            terminal[s] = p;
        }

        var states = children.Count;
        States = states;
        patternAt = [.. terminal];
        childStart = new int[states + 1];
        for (var s = 0; s < states; s++)
        {
            childStart[s + 1] = childStart[s] + children[s].Count;
        }

        childSymbol = new ushort[childStart[states]];
        childState = new int[childStart[states]];
        for (var s = 0; s < states; s++)
        {
            var k = childStart[s];
            foreach (var (a, next) in children[s])
            {
                childSymbol[k] = a;
                childState[k++] = next;
            }
        }

        // Failure links and output chains, breadth first.
        fail = new int[states];
        firstOutput = new int[states];
        nextOutput = new int[states];
        firstOutput[0] = -1;
        nextOutput[0] = -1;
        var queue = new Queue<int>();
        for (var k = childStart[0]; k < childStart[1]; k++)
        {
            var child = childState[k];
            fail[child] = 0;
            nextOutput[child] = -1;
            firstOutput[child] = patternAt[child] >= 0 ? child : -1;
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            for (var k = childStart[s]; k < childStart[s + 1]; k++)
            {
                var child = childState[k];
                var a = childSymbol[k];
                var f = fail[s];
                int target;
                while ((target = Child(f, a)) < 0 && f != 0)
                {
                    f = fail[f];
                }

                fail[child] = target >= 0 ? target : 0;
                nextOutput[child] = firstOutput[fail[child]];
                firstOutput[child] = patternAt[child] >= 0 ? child : nextOutput[child];
                queue.Enqueue(child);
            }
        }

        if ((long)states * width <= denseLimit)
        {
            delta = new int[states * width];
            var order = new Queue<int>();
            order.Enqueue(0);
            while (order.Count > 0)
            {
                var s = order.Dequeue();
                var row = s * width;
                for (var a = 0; a < width; a++)
                {
                    var child = Child(s, (ushort)a);
                    delta[row + a] = child >= 0 ? child : s == 0 ? 0 : delta[(fail[s] * width) + a];
                }

                for (var k = childStart[s]; k < childStart[s + 1]; k++)
                {
                    order.Enqueue(childState[k]);
                }
            }
        }
    }

    /// <summary>How many rules the automaton matches.</summary>
    public int Rules { get; }

    public int States { get; }

    /// <summary>Whether some term is case-sensitive (the original text must then be kept beside the folded one).</summary>
    public bool NeedsOriginal { get; }

    /// <summary>Whether the automaton is a full transition table (else goto and failure links).</summary>
    public bool Dense => delta is not null;

    /// <summary>Adds to <paramref name="matched"/> each rule (an index into the rules given) that matches <paramref name="text"/>.</summary>
    public void Match(string text, KeywordScratch scratch, List<int> matched)
    {
        scratch.Prepare(text.Length, NeedsOriginal, terms.Length, Rules);
        var n = RuleText.Normalise(text, scratch.Folded, NeedsOriginal ? scratch.Original : []);
        var folded = scratch.Folded.AsSpan(0, n);
        var original = NeedsOriginal ? scratch.Original.AsSpan(0, n) : [];
        var s = 0;
        if (delta is { } table)
        {
            for (var i = 0; i < folded.Length; i++)
            {
                s = table[(s * width) + symbolOf[folded[i]]];
                for (var o = firstOutput[s]; o >= 0; o = nextOutput[o])
                {
                    Found(patternAt[o], i + 1, folded, original, scratch, matched);
                }
            }
        }
        else
        {
            for (var i = 0; i < folded.Length; i++)
            {
                var a = symbolOf[folded[i]];
                if (a == 0)
                {
                    s = 0;
                    continue;
                }

                int next;
                while ((next = Child(s, a)) < 0 && s != 0)
                {
                    s = fail[s];
                }

                s = next >= 0 ? next : 0;
                for (var o = firstOutput[s]; o >= 0; o = nextOutput[o])
                {
                    Found(patternAt[o], i + 1, folded, original, scratch, matched);
                }
            }
        }
    }

    private void Found(int pattern, int end, ReadOnlySpan<char> folded, ReadOnlySpan<char> original, KeywordScratch scratch, List<int> matched)
    {
        var start = end - patternLength[pattern];
        var stamp = scratch.Stamp;
        for (var k = patternTermStart[pattern]; k < patternTermStart[pattern + 1]; k++)
        {
            var t = patternTerms[k];
            var r = termRule[t];
            if (scratch.TermSeen[t] == stamp || scratch.RuleDone[r] == stamp || !terms[t].MatchesAt(folded, original, start))
            {
                continue;
            }

            scratch.TermSeen[t] = stamp;
            if (ruleAll[r])
            {
                if (scratch.RuleCountStamp[r] != stamp)
                {
                    scratch.RuleCountStamp[r] = stamp;
                    scratch.RuleCount[r] = 0;
                }

                if (++scratch.RuleCount[r] < ruleTerms[r])
                {
                    continue;
                }
            }

            scratch.RuleDone[r] = stamp;
            matched.Add(r);
        }
    }

    private int Child(int s, ushort a)
    {
        var lo = childStart[s];
        var hi = childStart[s + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = childSymbol[mid];
            if (m == a)
            {
                return childState[mid];
            }

            if (m < a)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }
}

/// <summary>One thread's working memory for <see cref="KeywordAutomaton.Match"/>: text buffers and per-document marks.</summary>
internal sealed class KeywordScratch
{
    public char[] Folded { get; private set; } = new char[256];

    public char[] Original { get; private set; } = new char[256];

    public int[] TermSeen { get; private set; } = [];

    public int[] RuleDone { get; private set; } = [];

    public int[] RuleCountStamp { get; private set; } = [];

    public int[] RuleCount { get; private set; } = [];

    /// <summary>The current document's mark: marks from earlier documents differ, so nothing is cleared between documents.</summary>
    public int Stamp { get; private set; }

    public void Prepare(int length, bool original, int terms, int rules)
    {
        if (Folded.Length < length)
        {
            Folded = new char[Math.Max(length, Folded.Length * 2)];
        }

        if (original && Original.Length < length)
        {
            Original = new char[Math.Max(length, Original.Length * 2)];
        }

        if (TermSeen.Length < terms || RuleDone.Length < rules || Stamp == int.MaxValue)
        {
            TermSeen = new int[Math.Max(terms, TermSeen.Length)];
            RuleDone = new int[Math.Max(rules, RuleDone.Length)];
            RuleCountStamp = new int[Math.Max(rules, RuleCountStamp.Length)];
            RuleCount = new int[Math.Max(rules, RuleCount.Length)];
            Stamp = 0;
        }

        Stamp++;
    }
}
