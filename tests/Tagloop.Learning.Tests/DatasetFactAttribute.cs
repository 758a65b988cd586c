namespace Tagloop.Learning.Tests;

/// <summary>A fact that needs a file under ../shared; skipped, saying so, where it is absent.</summary>
public sealed class DatasetFactAttribute : FactAttribute
{
    public DatasetFactAttribute(params string[] parts)
    {
        if (Datasets.Path(parts) is null)
        {
            Skip = $"needs ../shared/{string.Join('/', parts)} beside the repository, which is absent here";
        }
    }
}
