namespace Tagloop.Core.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingRunStatus
{
    Succeeded = 0,
    Failed = 1,
}
