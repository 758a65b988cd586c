using System.Text.Json;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Documents keep their metadata as JSON text; the API returns it as a JSON value. Escapes that no JSON writer can
/// write back (stored before imports checked them) are repaired, so that one bad row cannot break a page.
/// </summary>
internal static class Meta
{
    public static JsonElement? ToJson(string? metaJson)
    {
        if (metaJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(Core.Common.JsonText.Repaired(metaJson));
        return document.RootElement.Clone();
    }
}
