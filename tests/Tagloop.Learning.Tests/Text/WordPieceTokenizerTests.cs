using System.Text;
using Tagloop.Learning.Text;

namespace Tagloop.Learning.Tests.Text;

public sealed class WordPieceTokenizerTests : IDisposable
{
    private static readonly string[] SmallVocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "a", "##a", "i", "##s", "##t", "!", "cafe", "ᄒ", "##ᅡ", "##ᆫ", "u",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("tagloop-wordpiece-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "reference.json")]
    public void Every_reference_sentence_gives_exactly_the_reference_tokens_and_ids()
    {
        var bert = TinyBert.Load();
        var tokenizer = WordPieceTokenizer.Load(bert.VocabPath);
        for (var i = 0; i < bert.Sentences.Count; i++)
        {
            AssertCase($"sentence {i}", tokenizer, bert.Sentences[i], bert.Tokens[i], bert.InputIds[i]);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "reference.json")]
    public void Every_extra_tokenizer_case_gives_exactly_the_reference_tokens_and_ids()
    {
        var bert = TinyBert.Load();
        Assert.Equal(10, bert.ExtraCases.Count);
        var tokenizer = WordPieceTokenizer.Load(bert.VocabPath);
        for (var i = 0; i < bert.ExtraCases.Count; i++)
        {
            var c = bert.ExtraCases[i];
            AssertCase($"extra case {i}", tokenizer, c.Text, c.Tokens, c.InputIds);
        }
    }

    [DatasetFact(TinyBert.Folder, TinyBert.Name, "vocab.txt")]
    public void A_long_text_is_cut_to_the_limit_and_still_ends_with_sep()
    {
        var bert = TinyBert.Load();
        var tokenizer = WordPieceTokenizer.Load(bert.VocabPath);
        var text = string.Join(' ', Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? "walked" : "the river"));
        var full = tokenizer.Encode(text, int.MaxValue);
        Assert.Equal(2 + 167 + (333 * 2), full.Length);
        var cut = tokenizer.Encode(text, 128);
        Assert.Equal(128, cut.Length);
        Assert.Equal(tokenizer.ClassifierId, cut[0]);
        Assert.Equal(tokenizer.SeparatorId, cut[^1]);
        Assert.Equal(full[..127], cut[..127]);
        Assert.Equal([tokenizer.ClassifierId, tokenizer.SeparatorId], tokenizer.Encode(text, 2));
    }

    [Fact]
    public void Greedy_longest_match_uses_continuation_pieces_and_gives_up_a_whole_word_as_unk()
    {
        var tokenizer = new WordPieceTokenizer(SmallVocabulary);
        Assert.Equal(["un", "##aff", "##able", "!"], tokenizer.Tokenize("UnAffable!"));
        Assert.Equal(["[UNK]", "a"], tokenizer.Tokenize("unaffablex a"));
        Assert.Equal([2, 4, 5, 6, 3], tokenizer.Encode("unaffable", 16));
    }

    [Fact]
    public void Text_is_read_by_code_point_so_emoji_are_unk_and_broken_surrogates_vanish()
    {
        var tokenizer = new WordPieceTokenizer(SmallVocabulary);
        Assert.Equal(["a", "[UNK]", "a"], tokenizer.Tokenize("a 🎵 a"));
        Assert.Equal(["[UNK]"], tokenizer.Tokenize("a🎵"));
        Assert.Equal(["a", "##a"], tokenizer.Tokenize("a\uD83Ca"));
        Assert.Equal(["[UNK]"], tokenizer.Tokenize(new string('a', 100) + "🎵"));
    }

    [Fact]
    public void Accents_are_stripped_after_decomposition_including_hangul_and_dotted_capital_i()
    {
        var tokenizer = new WordPieceTokenizer(SmallVocabulary);
        Assert.Equal(["cafe", "cafe"], tokenizer.Tokenize("CAFÉ cafe\u0301"));
        Assert.Equal(["i", "##s"], tokenizer.Tokenize("İs"));
        Assert.Equal(["u"], tokenizer.Tokenize("\u01D5"));
        Assert.Equal(["ᄒ", "##ᅡ", "##ᆫ"], tokenizer.Tokenize("한"));
        var cased = new WordPieceTokenizer(SmallVocabulary, new WordPieceTokenizerOptions { LowerCase = false });
        Assert.Equal(["[UNK]", "[UNK]", "cafe"], cased.Tokenize("Cafe café cafe"));
        var casedWithoutAccents = new WordPieceTokenizer(SmallVocabulary, new WordPieceTokenizerOptions { LowerCase = false, StripAccents = true });
        Assert.Equal(["[UNK]", "cafe"], casedWithoutAccents.Tokenize("Cafe café"));
    }

    [Fact]
    public void A_vocabulary_without_a_special_token_is_refused_naming_the_token_and_file()
    {
        var path = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(path, ["[PAD]", "[UNK]", "[SEP]", "a"]);
        var error = Assert.Throws<InvalidDataException>(() => WordPieceTokenizer.Load(path));
        Assert.Contains("[CLS]", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_with_a_duplicate_token_is_refused_naming_both_lines()
    {
        var path = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(path, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world", "hello"], new UTF8Encoding(false));
        var error = Assert.Throws<InvalidDataException>(() => WordPieceTokenizer.Load(path));
        Assert.Contains("duplicate token 'hello' on line 7 (id 6)", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5 (id 4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_vocabulary_file_is_named()
    {
        var path = Path.Combine(folder, "absent", "vocab.txt");
        var error = Assert.Throws<FileNotFoundException>(() => WordPieceTokenizer.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static void AssertCase(string name, WordPieceTokenizer tokenizer, string text, string[] tokens, int[] ids)
    {
        var actualTokens = tokenizer.Tokenize(text);
        Assert.True(
            tokens[1..^1].SequenceEqual(actualTokens),
            $"{name}: expected [{string.Join(' ', tokens)}] but got [[CLS] {string.Join(' ', actualTokens)} [SEP]]");
        Assert.Equal(ids, tokenizer.Encode(text, 512));
    }
}
