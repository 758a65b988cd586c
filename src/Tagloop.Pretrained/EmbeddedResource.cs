namespace Tagloop.Pretrained;

/// <summary>A resource embedded in an assembly file: its manifest name and where its bytes lie in the file.</summary>
internal readonly record struct EmbeddedResource(string Name, long Offset, long Length);
