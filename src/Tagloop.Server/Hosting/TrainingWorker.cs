using Tagloop.Core.Training;

namespace Tagloop.Server.Hosting;

/// <summary>Runs the training coordinator in the background for the server's lifetime.</summary>
internal sealed class TrainingWorker(TrainingCoordinator coordinator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => coordinator.RunAsync(stoppingToken);
}
