using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Checks every string an endpoint receives — query values and every field of a JSON body, nested ones included —
/// against <see cref="UnicodeText"/> before the handler runs, naming the field (<c>labels[1].description</c>).
/// JSON escapes such as <c>\ud800</c> or <c>\u0000</c> would otherwise slip invalid text into the database.
/// </summary>
internal sealed class TextFieldsFilter : IEndpointFilter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]?> Fields = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            // A body's fields are named from the body itself (labels[0].name), a query value by its parameter (source).
            var argument = context.Arguments[i];
            var name = argument is not null && FieldsOf(argument.GetType()) is not null
                ? ""
                : parameters is not null && i < parameters.Length ? parameters[i].Name ?? $"argument {i}" : $"argument {i}";
            if (Problem(argument, name, depth: 0) is { } problem)
            {
                return ProblemResults.ToResult(problem);
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The first invalid string in a value, or null. Only strings, lists and request records are looked into.</summary>
    internal static Problem? Problem(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return UnicodeText.Problem(text) is { } problem ? Core.Common.Problem.Invalid(path, $"{path} {problem}.") : null;
            case IEnumerable items when depth < 16 && value is not IDictionary:
                var index = 0;
                foreach (var item in items)
                {
                    if (Problem(item, $"{path}[{index++}]", depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
        }

        if (depth >= 16 || FieldsOf(value.GetType()) is not { } fields)
        {
            return null;
        }

        foreach (var field in fields)
        {
            var name = CamelCase(field.Name);
            if (Problem(field.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", depth + 1) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>Readable properties of a request record (a type of Tagloop's with a compiler-made Clone); null for anything else, such as services.</summary>
    private static PropertyInfo[]? FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
        t.Namespace?.StartsWith("Tagloop.", StringComparison.Ordinal) == true && t.GetMethod("<Clone>$") is not null
            ? t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray()
            : null);

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
