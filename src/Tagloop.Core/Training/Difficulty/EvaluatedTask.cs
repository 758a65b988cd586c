namespace Tagloop.Core.Training.Difficulty;

/// <summary>What an <see cref="EvaluatedRun"/> evaluated: one label per document, any number of labels, or entity spans.</summary>
public enum EvaluatedTask
{
    SingleLabel,
    MultiLabel,
    Spans,
}
