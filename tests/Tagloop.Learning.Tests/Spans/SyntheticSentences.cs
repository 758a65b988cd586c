using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>Generated sentences about people, places and companies (seeded), for tagger tests.</summary>
internal static class SyntheticSentences
{
    private static readonly string[] FirstNames = ["Anna", "Peter", "Maria", "Jonas", "Laura", "Tomas", "Ines", "Karl", "Sofia", "Milan", "Clara", "Oskar", "Nora", "Felix", "Greta", "Hugo"];
    private static readonly string[] LastNames = ["Berger", "Novak", "Silva", "Keller", "Moreau", "Jansen", "Costa", "Weber", "Horvat", "Lind", "Rossi", "Dubois", "Meyer", "Kovac", "Brandt", "Olsen"];
    private static readonly string[] Cities = ["Paris", "Berlin", "Madrid", "Vienna", "Prague", "Lisbon", "Oslo", "Dublin", "Warsaw", "Zagreb", "Tallinn", "Riga", "Sofia", "Porto", "Lyon", "Basel"];
    private static readonly string[] Companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne"];

    /// <summary>Sentences built from the given half of the name lists (0 or 1), so held-out sentences use unseen names.</summary>
    public static List<TaggedSentence> Generate(int count, int seed, int half)
    {
        var random = new Random(seed);
        string Pick(string[] pool) => pool[(2 * random.Next(pool.Length / 2)) + half];
        var sentences = new List<TaggedSentence>();
        for (var i = 0; i < count; i++)
        {
            var tokens = new List<string>();
            var tags = new List<string>();
            void Add(string tag, params string[] words)
            {
                for (var j = 0; j < words.Length; j++)
                {
                    tokens.Add(words[j]);
                    tags.Add(tag == "O" ? "O" : (j == 0 ? "B-" : "I-") + tag);
                }
            }

            void Person()
            {
                if (random.Next(2) == 0)
                {
                    Add("PER", Pick(FirstNames), Pick(LastNames));
                }
                else
                {
                    Add("PER", Pick(LastNames));
                }
            }

            switch (random.Next(5))
            {
                case 0:
                    Person();
                    Add("O", "visited");
                    Add("LOC", Pick(Cities));
                    Add("O", random.Next(2) == 0 ? "yesterday" : "last", "week");
                    break;
                case 1:
                    Add("O", "Yesterday");
                    Person();
                    Add("O", "flew", "to");
                    Add("LOC", Pick(Cities));
                    Add("O", ".");
                    break;
                case 2:
                    Person();
                    Add("O", "works", "for");
                    Add("ORG", Pick(Companies), random.Next(2) == 0 ? "Corp" : "Inc");
                    Add("O", "in");
                    Add("LOC", Pick(Cities));
                    break;
                case 3:
                    Add("O", "The", "office", "of");
                    Add("ORG", Pick(Companies), "Corp");
                    Add("O", "in");
                    Add("LOC", Pick(Cities));
                    Add("O", "is", "closed", ".");
                    break;
                default:
                    Add("O", "It", "rained", "in");
                    Add("LOC", Pick(Cities));
                    Add("O", "and", "people", "stayed", "home", ".");
                    break;
            }

            sentences.Add(new TaggedSentence(tokens, tags));
        }

        return sentences;
    }

    /// <summary>Exact-match micro F1 of predicted entities against gold ones.</summary>
    public static double F1(IReadOnlyList<TaggedSentence> gold, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        int tp = 0, guessed = 0, actual = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            var g = IobTags.Spans(gold[i].Tags).ToHashSet();
            var p = IobTags.Spans(predicted[i]);
            tp += p.Count(g.Contains);
            guessed += p.Count;
            actual += g.Count;
        }

        return tp == 0 ? 0 : 2.0 * tp / (guessed + actual);
    }
}
