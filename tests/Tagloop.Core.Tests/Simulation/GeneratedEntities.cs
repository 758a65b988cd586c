using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tests.Simulation;

/// <summary>
/// Generated news-like sentences with people, places and organisations (names made up here, no licensed text): some
/// templates give the type away by context, some by the name's form, some only by a name seen before.
/// </summary>
internal static class GeneratedEntities
{
    private static readonly string[] First = ["Anna", "Boris", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kemal", "Lena", "Milo", "Nadia", "Oskar", "Petra"];
    private static readonly string[] Last = ["Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad", "Silva", "Brandt", "Ivanova", "Ruiz", "Jensen"];
    private static readonly string[] Places = ["Vellmar", "Ostrava", "Port Ellis", "Kandor", "New Harlow", "Sarnia", "Lake Mirren", "Tobruk", "Valdora", "East Fenwick"];
    private static readonly string[] Companies = ["Brightwell", "Norcast", "Halden", "Quorra", "Tessaly", "Umbra", "Kestrel", "Vantor"];
    private static readonly string[] Suffixes = ["Corp", "Group", "Holdings", "Labs", "Bank"];

    private static readonly (string Text, string[] Slots)[] Templates =
    [
        ("{0} visited {1} on Monday .", ["PER", "LOC"]),
        ("Shares of {0} rose after {1} said profits doubled .", ["ORG", "PER"]),
        ("{0} opened a new office in {1} .", ["ORG", "LOC"]),
        ("The talks in {0} ended without a deal , {1} told reporters .", ["LOC", "PER"]),
        ("{0} and {1} met in {2} .", ["PER", "PER", "LOC"]),
        ("Rain is expected in {0} and {1} this week .", ["LOC", "LOC"]),
        ("{0} hired {1} as chief executive .", ["ORG", "PER"]),
        ("Nothing much happened today .", []),
        ("Analysts expect {0} to cut jobs .", ["ORG"]),
        ("Flights from {0} were cancelled .", ["LOC"]),
    ];

    public static List<TaggedSentence> Sentences(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = new List<TaggedSentence>(count);
        for (var s = 0; s < count; s++)
        {
            var (text, slots) = Templates[random.Next(Templates.Length)];
            var tokens = new List<string>();
            var tags = new List<string>();
            foreach (var word in text.Split(' '))
            {
                if (word.Length == 3 && word[0] == '{' && word[2] == '}')
                {
                    var type = slots[word[1] - '0'];
                    var name = type switch
                    {
                        "PER" => random.Next(3) == 0 ? First[random.Next(First.Length)] : $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}",
                        "LOC" => Places[random.Next(Places.Length)],
                        _ => random.Next(2) == 0 ? Companies[random.Next(Companies.Length)] : $"{Companies[random.Next(Companies.Length)]} {Suffixes[random.Next(Suffixes.Length)]}",
                    };
                    var parts = name.Split(' ');
                    for (var p = 0; p < parts.Length; p++)
                    {
                        tokens.Add(parts[p]);
                        tags.Add($"{(p == 0 ? "B" : "I")}-{type}");
                    }
                }
                else
                {
                    tokens.Add(word);
                    tags.Add("O");
                }
            }

            sentences.Add(new TaggedSentence(tokens, tags));
        }

        return sentences;
    }
}
