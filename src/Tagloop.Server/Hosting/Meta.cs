using System.Text.Json;

namespace Tagloop.Server.Hosting;

/// <summary>Documents keep their metadata as JSON text; the API returns it as a JSON value.</summary>
internal static class Meta
{
    public static JsonElement? ToJson(string? metaJson)
    {
        if (metaJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(metaJson);
        return document.RootElement.Clone();
    }
}
