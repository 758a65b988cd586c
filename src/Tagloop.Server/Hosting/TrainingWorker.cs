using Tagloop.Core.Training;

namespace Tagloop.Server.Hosting;

/// <summary>Runs the training coordinator in the background for the server's lifetime.</summary>
internal sealed class TrainingWorker(TrainingCoordinator coordinator) : BackgroundService
{
    // A fit is synchronous work on a pool thread, and its scoring loops (Parallel.For) take the other pool threads; with
    // the pool's default minimum (one thread a core) requests then queue behind training until the pool grows, which it
    // does slowly. Threads up to this number are made at once, so requests get one while training runs.
    private const int MinimumPoolThreads = 32;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumPoolThreads), completionPorts);
        return coordinator.RunAsync(stoppingToken);
    }
}
