using System.Threading.Channels;

namespace Tagloop.Core.Common;

/// <summary>
/// Fans notifications about a project out to whoever listens (such as a browser's event stream). Each subscriber
/// reads its own bounded channel that drops the oldest item when full, so a slow reader never holds up a publisher
/// and never grows memory; a reader that only needs "something changed" can use a capacity of 1.
/// </summary>
public sealed class ProjectFeed<T>(int capacity)
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, List<Channel<T>>> subscribers = [];

    public FeedSubscription<T> Subscribe(int projectId)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        lock (gate)
        {
            if (!subscribers.TryGetValue(projectId, out var list))
            {
                subscribers[projectId] = list = [];
            }

            list.Add(channel);
        }

        return new FeedSubscription<T>(channel.Reader, () => Unsubscribe(projectId, channel));
    }

    public void Publish(int projectId, T item)
    {
        lock (gate)
        {
            if (subscribers.TryGetValue(projectId, out var list))
            {
                foreach (var channel in list)
                {
                    channel.Writer.TryWrite(item);
                }
            }
        }
    }

    /// <summary>Current subscribers of a project (for tests and diagnostics).</summary>
    public int SubscriberCount(int projectId)
    {
        lock (gate)
        {
            return subscribers.TryGetValue(projectId, out var list) ? list.Count : 0;
        }
    }

    private void Unsubscribe(int projectId, Channel<T> channel)
    {
        lock (gate)
        {
            if (subscribers.TryGetValue(projectId, out var list) && list.Remove(channel) && list.Count == 0)
            {
                subscribers.Remove(projectId);
            }
        }

        channel.Writer.TryComplete();
    }
}
