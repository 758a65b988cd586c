namespace Tagloop.Learning.WeakSupervision;

/// <summary>Finds label models by the names project settings, the CLI and the API use.</summary>
public static class LabelModelCatalog
{
    /// <summary>The name that asks <see cref="AutoLabelModel"/> to choose.</summary>
    public const string Auto = "auto";

    /// <summary>The label models that can be named, <see cref="Auto"/> aside.</summary>
    public static IReadOnlyList<string> Names { get; } = ["majority", "dawid-skene", "triplet"];

    /// <summary>majority, dawid-skene, triplet, or auto (which, without gold, fits <see cref="AutoLabelModel.DefaultFor"/>).</summary>
    public static IWeakLabelModel Create(string name) => Create(name, [], []);

    /// <summary>As <see cref="Create(string)"/>; auto chooses by accuracy on the gold documents given (the answers collected so far).</summary>
    public static IWeakLabelModel Create(string name, IReadOnlyList<int> goldDocuments, IReadOnlyList<int> goldClasses) => name?.Trim().ToLowerInvariant() switch
    {
        "majority" => new MajorityVote(),
        "dawid-skene" => new DawidSkene(),
        "triplet" => new TripletLabelModel(),
        Auto => new AutoLabelModel(goldDocuments, goldClasses),
        _ => throw new ArgumentException($"Unknown label model '{name}': expected majority, dawid-skene, triplet or auto.", nameof(name)),
    };
}
