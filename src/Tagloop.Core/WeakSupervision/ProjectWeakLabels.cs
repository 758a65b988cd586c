namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's labels from its switched-on rules, for its model: the documents a rule votes on (by id, ascending), each
/// one's class probabilities from the label model (documents × classes, classes in <see cref="Classes"/>' order, the
/// project's label order), and which label model made them.
/// </summary>
public sealed record ProjectWeakLabels(long[] DocumentIds, float[] Probabilities, string[] Classes, string LabelModel);
