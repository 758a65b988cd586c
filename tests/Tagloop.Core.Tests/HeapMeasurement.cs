namespace Tagloop.Core.Tests;

/// <summary>
/// Tests that measure the process's managed heap run alone: other tests running beside them in the same process
/// would count in their figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "heap measurement";
}
