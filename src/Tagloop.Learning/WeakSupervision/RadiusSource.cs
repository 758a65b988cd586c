namespace Tagloop.Learning.WeakSupervision;

/// <summary>Where a rule's extension radius came from.</summary>
public enum RadiusSource
{
    /// <summary>The rule is not extended: it votes on no document, or no radius kept its accuracy on the gold documents.</summary>
    None,

    /// <summary>Chosen on the gold documents (<see cref="EmbeddingExtension"/> states the criterion).</summary>
    Gold,

    /// <summary>The corpus's radius: a quantile of the similarities between documents and their nearest neighbours.</summary>
    Quantile,

    /// <summary>The radius given in the options.</summary>
    Fixed,
}
