namespace Tagloop.Learning.WeakSupervision;

/// <summary>Where a rule's extension radius came from.</summary>
public enum RadiusSource
{
    /// <summary>The rule is not extended: it votes on too few documents, or no radius kept its accuracy on the gold documents.</summary>
    None,

    /// <summary>Chosen on the gold documents (<see cref="EmbeddingExtension"/> states the criterion).</summary>
    Gold,

    /// <summary>A quantile of the similarities between the documents the rule votes on and their nearest fellows.</summary>
    Quantile,

    /// <summary>The radius given in the options.</summary>
    Fixed,
}
