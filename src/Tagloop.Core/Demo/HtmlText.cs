using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace Tagloop.Core.Demo;

/// <summary>Turns an HTML mail body into plain text with MimeKit's HTML tokenizer: no markup, scripts or styles; blocks become lines.</summary>
internal static partial class HtmlText
{
    private static readonly HashSet<HtmlTagId> Hidden = [HtmlTagId.Script, HtmlTagId.Style, HtmlTagId.Head, HtmlTagId.Title];

    private static readonly HashSet<HtmlTagId> Blocks =
    [
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Br, HtmlTagId.TR, HtmlTagId.LI, HtmlTagId.Table, HtmlTagId.H1, HtmlTagId.H2,
        HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.BlockQuote, HtmlTagId.Pre, HtmlTagId.HR, HtmlTagId.UL, HtmlTagId.OL,
    ];

    private static readonly HashSet<HtmlTagId> RawText = [HtmlTagId.IFrame, HtmlTagId.NoEmbed, HtmlTagId.NoFrames, HtmlTagId.Xmp];

    /// <summary>Whether a part labelled (or defaulted to) text/plain is an HTML page: it opens with a page-level tag and closes tags.</summary>
    public static bool LooksLikeHtmlPage(string text) => PageStart().IsMatch(text) && text.Contains("</", StringComparison.Ordinal);

    public static string Extract(string html)
    {
        var text = new StringBuilder();
        var hiddenDepth = 0;
        var inRawText = false;
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Id):
                    hiddenDepth = Math.Max(0, hiddenDepth + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Id):
                    text.Append('\n');
                    break;
                case HtmlTagToken tag when RawText.Contains(tag.Id):
                    inRawText = !tag.IsEndTag && !tag.IsEmptyElement;
                    break;
                case HtmlDataToken data when hiddenDepth == 0 && inRawText:
                    // The tokenizer keeps iframe/noembed/noframes/xmp content as raw text; mail clients rendered that markup.
                    text.Append(Extract(data.Data));
                    break;
                case HtmlDataToken data when hiddenDepth == 0 && token.Kind == HtmlTokenKind.Data:
                    text.Append(data.Data);
                    break;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\s*<(?:!doctype\s+html|html|head|body|meta|title|style|table|center|div|font|p)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PageStart();
}
