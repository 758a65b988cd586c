namespace Tagloop.Learning.Explore;

/// <summary>
/// Settings of <see cref="MapProjection"/>. <paramref name="Neighbours"/> is the size of each row's neighbourhood in
/// the k-nearest-neighbour graph (larger keeps more of the global shape, smaller more local detail);
/// <paramref name="Epochs"/> the layout's optimisation passes (0 chooses by corpus size); <paramref name="MinDistance"/>
/// how tightly close rows may pack in the layout's units (UMAP's min_dist, with a spread of 1);
/// <paramref name="NegativeSamples"/> the repelling rows drawn for each attracting edge sample;
/// <paramref name="RefineEpochs"/> the passes that settle rows added later by <see cref="MapProjection.Place"/>.
/// </summary>
public sealed record MapOptions(int Neighbours = 15, int Epochs = 0, float MinDistance = 0.1f, int NegativeSamples = 5, int RefineEpochs = 60)
{
    public static MapOptions Default { get; } = new();

    internal int EpochsFor(int rows) => Epochs > 0 ? Epochs : rows <= 5_000 ? 300 : 200;

    internal void Validate()
    {
        if (Neighbours < 2)
        {
            throw new ArgumentException($"Neighbours must be at least 2 (was {Neighbours}).", "options");
        }

        if (Epochs < 0 || RefineEpochs < 0 || NegativeSamples < 0)
        {
            throw new ArgumentException("Epochs, RefineEpochs and NegativeSamples cannot be negative.", "options");
        }

        if (!(MinDistance >= 0f && MinDistance < 1f))
        {
            throw new ArgumentException($"MinDistance must be in [0, 1) (was {MinDistance}).", "options");
        }
    }
}
