using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

/// <summary>One SSE frame, serialised once and shared by every connection it goes to.</summary>
public sealed record StreamFrame(string EventType, long? Seq, string Data)
{
    public const string NewMessage = "new_message";
}

/// <summary>The open streams of this instance, by room. Delivery never waits for a slow client.</summary>
public sealed class StreamHub(IOptions<StreamOptions> options, ChatMetrics metrics)
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<StreamConnection, byte>> _rooms = new();

    /// <summary>Subscribes before anything is read from storage, so nothing published meanwhile is missed.</summary>
    public StreamConnection Connect(long roomId, long userId)
    {
        var connection = new StreamConnection(this, roomId, userId, options.Value.QueueCapacity);
        _rooms.GetOrAdd(roomId, _ => new()).TryAdd(connection, 0);
        metrics.StreamOpened();
        return connection;
    }

    public bool HasListeners(long roomId) => _rooms.TryGetValue(roomId, out var room) && !room.IsEmpty;

    public int ConnectionCount => _rooms.Values.Sum(r => r.Count);

    /// <summary>Queues the frame on every stream of the room whose user passes <paramref name="audience"/>.</summary>
    public void Publish(long roomId, StreamFrame frame, Func<long, bool> audience)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            return;
        }

        foreach (var connection in room.Keys)
        {
            if (audience(connection.UserId))
            {
                connection.Enqueue(frame);
            }
        }
    }

    /// <summary>Ends the streams of users who are no longer members of the room; frames still queued are not written.</summary>
    public void CloseAllBut(long roomId, IReadOnlySet<long> members)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            foreach (var connection in room.Keys.Where(c => !members.Contains(c.UserId)))
            {
                connection.Close();
            }
        }
    }

    /// <summary>Ends one user's streams of the room (the user left or was removed).</summary>
    public void Close(long roomId, long userId)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            foreach (var connection in room.Keys.Where(c => c.UserId == userId))
            {
                connection.Close();
            }
        }
    }

    internal void Remove(StreamConnection connection)
    {
        if (_rooms.TryGetValue(connection.RoomId, out var room) && room.TryRemove(connection, out _))
        {
            // The room's (empty) set stays: removing it could race a connection joining it.
            metrics.StreamClosed();
        }
    }
}

public sealed class StreamConnection(StreamHub hub, long roomId, long userId, int capacity) : IDisposable
{
    private readonly Channel<StreamFrame> _frames = Channel.CreateBounded<StreamFrame>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    public long RoomId { get; } = roomId;

    public long UserId { get; } = userId;

    public ChannelReader<StreamFrame> Frames => _frames.Reader;

    private volatile bool _closed;

    /// <summary>True when the client fell too far behind and was cut off (what is queued is still written).</summary>
    public bool Overflowed { get; private set; }

    /// <summary>
    /// True once the stream lost its authorisation (token revoked or expired, user left the room): nothing more,
    /// not even frames already queued, may be written to it.
    /// </summary>
    public bool IsClosed => _closed;

    public void Enqueue(StreamFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame) && _frames.Writer.TryComplete())
        {
            Overflowed = true;
        }
    }

    /// <summary>Stops delivery at once; the stream's reader sees the end and completes the response.</summary>
    public void Close()
    {
        _closed = true;
        _frames.Writer.TryComplete();
    }

    public void Dispose()
    {
        Close();
        hub.Remove(this);
    }
}
