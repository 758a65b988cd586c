using System.Text.Json;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// Reads a rules file (<c>{"rules": [{"name", "label", "kind", …}]}</c>, docs/formats.md) into rule definitions. Every
/// problem is reported with the rule's position and name and the field at fault; nothing is guessed.
/// </summary>
public static class RulesFile
{
    public static IReadOnlyList<RuleDefinition> Parse(string json, string source = "rules file")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}: {e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("rules", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: expected an object with a \"rules\" array.");
            }

            var rules = new List<RuleDefinition>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                index++;
                var rule = ParseRule(element, $"{source}, rule {index}");
                if (!names.Add(rule.Name))
                {
                    throw new InvalidDataException($"{source}, rule {index}: the name \"{rule.Name}\" is used twice.");
                }

                rules.Add(rule);
            }

            return rules.Count == 0 ? throw new InvalidDataException($"{source}: the \"rules\" array is empty.") : rules;
        }
    }

    private static RuleDefinition ParseRule(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected an object.");
        }

        var name = RequiredString(element, "name", where);
        where = $"{where} (\"{name}\")";
        var label = RequiredString(element, "label", where);
        var kindText = RequiredString(element, "kind", where);
        var kind = kindText switch
        {
            "keywords" => RuleKind.Keywords,
            "regex" => RuleKind.Regex,
            "similar" => RuleKind.Similar,
            "label-description" => RuleKind.LabelDescription,
            "metadata" => RuleKind.Metadata,
            _ => throw new InvalidDataException($"{where}: kind \"{kindText}\" is not one of keywords, regex, similar, label-description, metadata."),
        };
        var match = OptionalString(element, "match", where) switch
        {
            null or "any" => RuleMatch.Any,
            "all" => RuleMatch.All,
            var other => throw new InvalidDataException($"{where}: match \"{other}\" is neither \"any\" nor \"all\"."),
        };
        var rule = new RuleDefinition
        {
            Name = name,
            Label = label,
            Kind = kind,
            Match = match,
            CaseSensitive = OptionalBool(element, "caseSensitive", where) ?? false,
            Terms = StringArray(element, "terms", where),
            Pattern = OptionalString(element, "pattern", where),
            Examples = StringArray(element, "examples", where),
            Threshold = OptionalNumber(element, "threshold", where),
            MetaField = OptionalString(element, "metaField", where),
            MetaValue = OptionalString(element, "metaValue", where),
        };
        switch (kind)
        {
            case RuleKind.Keywords when rule.Terms.Count == 0 || rule.Terms.Any(string.IsNullOrWhiteSpace):
                throw new InvalidDataException($"{where}: a keywords rule needs \"terms\", a non-empty array of non-blank strings.");
            case RuleKind.Regex when string.IsNullOrEmpty(rule.Pattern):
                throw new InvalidDataException($"{where}: a regex rule needs \"pattern\".");
            case RuleKind.Similar when rule.Examples.Count == 0 || rule.Examples.Any(string.IsNullOrWhiteSpace):
                throw new InvalidDataException($"{where}: a similar rule needs \"examples\", a non-empty array of example texts.");
            case RuleKind.Metadata when string.IsNullOrEmpty(rule.MetaField) || rule.MetaValue is null:
                throw new InvalidDataException($"{where}: a metadata rule needs \"metaField\" and \"metaValue\".");
            default:
                break;
        }

        if (rule.Threshold is { } t && (double.IsNaN(t) || t <= 0 || t > 1))
        {
            throw new InvalidDataException($"{where}: threshold {t} is outside (0, 1].");
        }

        if (kind is RuleKind.Similar or RuleKind.LabelDescription && rule.Threshold is null)
        {
            rule = rule with { Threshold = LabellingRules.DefaultThreshold };
        }

        return rule;
    }

    private static string RequiredString(JsonElement element, string field, string where) =>
        OptionalString(element, field, where) is { Length: > 0 } value ? value : throw new InvalidDataException($"{where}: \"{field}\" is required (a non-empty string).");

    private static string? OptionalString(JsonElement element, string field, string where)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidDataException($"{where}: \"{field}\" must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private static bool? OptionalBool(JsonElement element, string field, string where)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{where}: \"{field}\" must be true or false."),
        };
    }

    private static double? OptionalNumber(JsonElement element, string field, string where)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new InvalidDataException($"{where}: \"{field}\" must be a number.");
    }

    private static List<string> StringArray(JsonElement element, string field, string where)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where}: \"{field}\" must be an array of strings.");
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            i++;
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new InvalidDataException($"{where}: \"{field}\" item {i} must be a string."));
        }

        return list;
    }
}
