using System.Text;

namespace Tagloop.Server.Tests.Import;

/// <summary>One generated import: the query string and content type it is sent with (none when empty), its body, and how it was made.</summary>
public sealed record HostileFile(int Seed, string Query, string ContentType, ReadOnlyMemory<byte> Body, string Recipe)
{
    public bool SkipInvalid => Query.Contains("skipInvalid=true", StringComparison.Ordinal);

    /// <summary>How many physical lines the body has (\n, \r\n and a lone \r end a line), for checking the line numbers errors name.</summary>
    public int PhysicalLines
    {
        get
        {
            var span = Body.Span;
            var lines = 1;
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] == (byte)'\n' || (span[i] == (byte)'\r' && (i + 1 == span.Length || span[i + 1] != (byte)'\n')))
                {
                    lines++;
                }
            }

            return lines;
        }
    }

    /// <summary>Seed, query, recipe and the start of the body as a C# string literal, so that a failure can be reproduced.</summary>
    public override string ToString()
    {
        var shown = Body.Span[..Math.Min(Body.Length, 600)];
        var literal = new StringBuilder();
        foreach (var b in shown)
        {
            literal.Append(b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        var more = Body.Length > shown.Length ? $" … ({Body.Length:N0} bytes in all)" : "";
        var recipe = Recipe.Length > 400 ? Recipe[..400] + "…" : Recipe;
        return $"seed {Seed}: POST ?{Query} ({ContentType}) {recipe}\n  body: \"{literal}\"{more}";
    }
}
