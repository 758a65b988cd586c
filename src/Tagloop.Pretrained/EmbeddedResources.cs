using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Tagloop.Pretrained;

/// <summary>
/// Finds the resources embedded in a .NET assembly file from its metadata, without loading the assembly: the CLI
/// header's resources directory holds them one after another, each a 4-byte little-endian length and then the bytes,
/// at the offset its ManifestResource row gives.
/// </summary>
internal static class EmbeddedResources
{
    public static IReadOnlyList<EmbeddedResource> List(string assemblyPath)
    {
        using var file = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return List(file, assemblyPath);
    }

    public static IReadOnlyList<EmbeddedResource> List(FileStream file, string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            using var pe = new PEReader(file, PEStreamOptions.LeaveOpen);
            var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
                ?? throw new InvalidDataException($"{assemblyPath} is not a .NET assembly (it has no CLI header).");
            if (directory.Size == 0 || !pe.PEHeaders.TryGetDirectoryOffset(directory, out var start))
            {
                return [];
            }

            var metadata = pe.GetMetadataReader();
            var resources = new List<EmbeddedResource>();
            Span<byte> prefix = stackalloc byte[4];
            foreach (var handle in metadata.ManifestResources)
            {
                var row = metadata.GetManifestResource(handle);
                if (!row.Implementation.IsNil)
                {
                    continue; // lives in another file or assembly
                }

                var name = metadata.GetString(row.Name);
                var header = start + row.Offset;
                if (row.Offset < 0 || row.Offset + 4 > directory.Size)
                {
                    throw new InvalidDataException($"{assemblyPath}: resource {name} starts outside the resources directory.");
                }

                file.Position = header;
                file.ReadExactly(prefix);
                var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(prefix);
                if (row.Offset + 4 + length > directory.Size)
                {
                    throw new InvalidDataException($"{assemblyPath}: resource {name} ({length} bytes) runs past the resources directory.");
                }

                resources.Add(new EmbeddedResource(name, header + 4, length));
            }

            return resources;
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"{assemblyPath} is not a readable .NET assembly: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{assemblyPath} is cut short: {e.Message}", e);
        }
    }
}
