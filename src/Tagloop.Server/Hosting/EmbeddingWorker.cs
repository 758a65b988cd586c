using Tagloop.Core.Training;

namespace Tagloop.Server.Hosting;

/// <summary>Runs the sentence-embedding coordinator in the background for the server's lifetime.</summary>
internal sealed class EmbeddingWorker(EmbeddingCoordinator coordinator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => coordinator.RunAsync(stoppingToken);
}
