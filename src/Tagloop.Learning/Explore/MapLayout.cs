namespace Tagloop.Learning.Explore;

/// <summary>
/// A 2-D map of rows: <see cref="Coordinates"/> holds x and y of row i at 2i and 2i + 1. A fresh projection fits the
/// square [−1, 1]² (centred, aspect kept); rows placed later beside it may lie slightly outside.
/// </summary>
public sealed class MapLayout
{
    public MapLayout(float[] coordinates)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        if (coordinates.Length % 2 != 0)
        {
            throw new ArgumentException("Coordinates hold x, y pairs: the length must be even.", nameof(coordinates));
        }

        Coordinates = coordinates;
    }

    public float[] Coordinates { get; }

    public int Count => Coordinates.Length / 2;

    public float X(int row) => Coordinates[2 * row];

    public float Y(int row) => Coordinates[(2 * row) + 1];
}
