using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Tests.Common;

public sealed class UnicodeTextTests
{
    [Theory]
    [InlineData("plain", null)]
    [InlineData("emoji \U0001F600 ok", null)]
    [InlineData("", null)]
    [InlineData("a\\u0000b", "NUL character (U+0000) at character 2")]
    [InlineData("ab\\uD800", "unpaired surrogate (\\uD800) at character 3")]
    [InlineData("\\uDC00x", "unpaired surrogate (\\uDC00) at character 1")]
    [InlineData("\\uD83D\\uDE00\\uD83D", "unpaired surrogate (\\uD83D) at character 3")]
    public void Problems_name_what_and_where(string escaped, string? expected)
    {
        // Written escaped: xunit passes theory data through UTF-8, which would turn a lone surrogate into U+FFFD.
        var problem = UnicodeText.Problem(System.Text.RegularExpressions.Regex.Unescape(escaped));
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Repair_replaces_only_what_is_invalid()
    {
        Assert.Equal("a\uFFFDb\U0001F600\uFFFD", UnicodeText.Repaired("a\0b\U0001F600\uDC00"));
        const string fine = "nothing to do";
        Assert.Same(fine, UnicodeText.Repaired(fine));
    }

    [Fact]
    public void A_quote_never_ends_in_half_a_surrogate_pair()
    {
        var quoted = UnicodeText.Quote(new string('a', 59) + "\U0001F600tail", 60);
        Assert.True(UnicodeText.IsValid(quoted));
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}", "{\"a\":\"\\ufffd\"}")]
    [InlineData("{\"a\":\"\\u0000x\"}", "{\"a\":\"\\ufffdx\"}")]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"\\ufffd\\ufffd\"}")]
    [InlineData("{\"a\":\"\\\\ud800\"}", "{\"a\":\"\\\\ud800\"}")]
    [InlineData("{\"\\ud800\":1,\"b\":\"\\ud800\\u0041\"}", "{\"\\ufffd\":1,\"b\":\"\\ufffd\\u0041\"}")]
    [InlineData("{\"a\":\"end\\ud800\"}", "{\"a\":\"end\\ufffd\"}")]
    public void Stored_json_with_invalid_escapes_is_repaired_into_writable_json(string stored, string expected)
    {
        var repaired = JsonText.Repaired(stored);
        Assert.Equal(expected, repaired);
        using var document = JsonDocument.Parse(repaired);
        Assert.Null(JsonText.Problem(document.RootElement, ""));
        using var output = new MemoryStream();
        using var writer = new Utf8JsonWriter(output);
        document.RootElement.WriteTo(writer);
    }
}
