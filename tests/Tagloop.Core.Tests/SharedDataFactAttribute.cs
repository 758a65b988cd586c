namespace Tagloop.Core.Tests;

/// <summary>A fact that needs ../shared beside the repository; it is skipped, saying so, where that folder is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] parts)
    {
        if (SharedData.File(parts) is null)
        {
            Skip = $"needs ../shared/{string.Join('/', parts)} beside the repository, which is absent here";
        }
    }
}
