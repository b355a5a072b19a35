using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BigTechChat.UserService.Presence;

/// <summary>A friend's presence as a status stream and the friends endpoint show it.</summary>
public sealed record FriendStatus(long UserId, bool IsOnline, DateTime? LastSeenAt);

/// <summary>The open status streams of this instance, by watching user; slow readers lose the oldest changes.</summary>
public sealed class StatusStreamHub
{
    private const int QueueCapacity = 256;
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, Channel<FriendStatus>>> _watchers = new();

    // Subscribing and unsubscribing are rare next to delivery; one lock keeps a user's last stream and a new one from racing.
    private readonly Lock _membership = new();

    public bool HasWatchers => !_watchers.IsEmpty;

    public Subscription Subscribe(long watcherId)
    {
        var channel = Channel.CreateBounded<FriendStatus>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var id = Guid.NewGuid();
        lock (_membership)
        {
            _watchers.GetOrAdd(watcherId, _ => new ConcurrentDictionary<Guid, Channel<FriendStatus>>())[id] = channel;
        }

        return new Subscription(channel.Reader, () => Unsubscribe(watcherId, id));
    }

    public void Deliver(IEnumerable<long> watcherIds, FriendStatus status)
    {
        foreach (var watcherId in watcherIds)
        {
            if (_watchers.TryGetValue(watcherId, out var streams))
            {
                foreach (var stream in streams.Values)
                {
                    stream.Writer.TryWrite(status);
                }
            }
        }
    }

    private void Unsubscribe(long watcherId, Guid id)
    {
        lock (_membership)
        {
            if (_watchers.TryGetValue(watcherId, out var streams) && streams.TryRemove(id, out var channel))
            {
                channel.Writer.TryComplete();
                if (streams.IsEmpty)
                {
                    _watchers.TryRemove(watcherId, out _);
                }
            }
        }
    }

    public sealed class Subscription(ChannelReader<FriendStatus> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<FriendStatus> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
