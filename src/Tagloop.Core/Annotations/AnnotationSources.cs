namespace Tagloop.Core.Annotations;

/// <summary>Names of annotation sources.</summary>
public static class AnnotationSources
{
    public const string Human = "human";

    public static string Import(string source) => "import:" + source;
}
