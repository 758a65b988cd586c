using System.Threading.Channels;

namespace Tagloop.Core.Common;

/// <summary>One listener's channel on a <see cref="ProjectFeed{T}"/>; disposing it unsubscribes.</summary>
public sealed class FeedSubscription<T> : IDisposable
{
    private Action? unsubscribe;

    internal FeedSubscription(ChannelReader<T> reader, Action unsubscribe)
    {
        Reader = reader;
        this.unsubscribe = unsubscribe;
    }

    public ChannelReader<T> Reader { get; }

    public void Dispose() => Interlocked.Exchange(ref unsubscribe, null)?.Invoke();
}
