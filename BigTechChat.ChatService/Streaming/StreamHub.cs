using System.Threading.Channels;
using BigTechChat.ServiceDefaults.Collections;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

/// <summary>One SSE frame, serialised once and shared by every connection it goes to.</summary>
public sealed record StreamFrame(string EventType, long? Seq, string Data)
{
    public const string NewMessage = "new_message";
    public const string RoomJoined = "room_joined";
    public const string RoomUpdated = "room_updated";
    public const string RoomLeft = "room_left";

    /// <summary>The room the frame belongs to; 0 for frames of no room (friend events).</summary>
    public long RoomId { get; init; }

    /// <summary>
    /// Membership frames only: when the change was made. A per-user stream applies a room's membership frames in this
    /// order and ignores repeats (the instance that made the change queues them at once, and again from chat.events).
    /// </summary>
    public DateTime? ChangedAt { get; init; }
}

/// <summary>
/// The open streams of this instance: per-room streams by room, per-user streams by user. Each frame is serialised
/// once and queued on every connection it goes to; delivery never waits for a slow client.
/// </summary>
public sealed class StreamHub(IOptions<StreamOptions> options, ChatMetrics metrics)
{
    private readonly ConcurrentMultimap<long, StreamConnection> _rooms = new();
    private readonly ConcurrentMultimap<long, UserStreamConnection> _users = new();
    private int _userStreams;

    /// <summary>Subscribes before anything is read from storage, so nothing published meanwhile is missed.</summary>
    public StreamConnection Connect(long roomId, long userId)
    {
        var connection = new StreamConnection(this, roomId, userId, options.Value.QueueCapacity);
        _rooms.Add(roomId, connection);
        metrics.StreamOpened();
        return connection;
    }

    /// <summary>Subscribes a per-user stream to every room frame of the user's rooms and to frames addressed to the user.</summary>
    public UserStreamConnection ConnectUser(long userId)
    {
        var connection = new UserStreamConnection(this, userId, options.Value.QueueCapacity);
        _users.Add(userId, connection);
        Interlocked.Increment(ref _userStreams);
        metrics.StreamOpened();
        return connection;
    }

    /// <summary>True when a frame of the room may have a reader here: a stream of the room, or any per-user stream.</summary>
    public bool HasListeners(long roomId) =>
        Volatile.Read(ref _userStreams) > 0 || !_rooms[roomId].IsEmpty;

    public bool HasUserStream(long userId) => !_users[userId].IsEmpty;

    public int ConnectionCount => _rooms.Values.Count() + Volatile.Read(ref _userStreams);

    /// <summary>Queues the frame on every per-room stream of the room whose user passes <paramref name="audience"/>.</summary>
    public void Publish(long roomId, StreamFrame frame, Func<long, bool> audience)
    {
        foreach (var connection in _rooms[roomId])
        {
            if (audience(connection.UserId))
            {
                connection.Enqueue(frame);
            }
        }
    }

    /// <summary>Queues the frame on the per-room streams of its room and on the per-user streams of the members that pass <paramref name="audience"/>.</summary>
    public void Publish(StreamFrame frame, IReadOnlySet<long> members, Func<long, bool> audience)
    {
        Publish(frame.RoomId, frame, userId => members.Contains(userId) && audience(userId));
        if (Volatile.Read(ref _userStreams) == 0)
        {
            return;
        }

        foreach (var member in members)
        {
            var streams = _users[member];
            if (!streams.IsEmpty && audience(member))
            {
                foreach (var connection in streams)
                {
                    connection.Enqueue(frame);
                }
            }
        }
    }

    /// <summary>Queues a frame addressed to one user (membership and friend events) on that user's per-user streams.</summary>
    public void PublishToUser(long userId, StreamFrame frame)
    {
        foreach (var connection in _users[userId])
        {
            connection.Enqueue(frame);
        }
    }

    /// <summary>Ends the streams of users who are no longer members of the room; frames still queued are not written.</summary>
    public void CloseAllBut(long roomId, IReadOnlySet<long> members)
    {
        foreach (var connection in _rooms[roomId])
        {
            if (!members.Contains(connection.UserId))
            {
                connection.Close();
            }
        }
    }

    /// <summary>Ends one user's streams of the room (the user left or was removed).</summary>
    public void Close(long roomId, long userId)
    {
        foreach (var connection in _rooms[roomId])
        {
            if (connection.UserId == userId)
            {
                connection.Close();
            }
        }
    }

    internal void Remove(StreamConnection connection)
    {
        if (_rooms.Remove(connection.RoomId, connection))
        {
            metrics.StreamClosed();
        }
    }

    internal void Remove(UserStreamConnection connection)
    {
        if (_users.Remove(connection.UserId, connection))
        {
            Interlocked.Decrement(ref _userStreams);
            metrics.StreamClosed();
        }
    }
}

/// <summary>The bounded queue of frames waiting to be written to one SSE response.</summary>
public abstract class FrameQueue(int capacity) : IDisposable
{
    private readonly Channel<StreamFrame> _frames = Channel.CreateBounded<StreamFrame>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _closed;

    public ChannelReader<StreamFrame> Frames => _frames.Reader;

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
        Unregister();
        GC.SuppressFinalize(this);
    }

    protected abstract void Unregister();
}

/// <summary>A per-room stream (GET /api/messages/stream/{room_id}).</summary>
public sealed class StreamConnection(StreamHub hub, long roomId, long userId, int capacity) : FrameQueue(capacity)
{
    public long RoomId { get; } = roomId;

    public long UserId { get; } = userId;

    protected override void Unregister() => hub.Remove(this);
}

/// <summary>A per-user stream (GET /api/events/stream).</summary>
public sealed class UserStreamConnection(StreamHub hub, long userId, int capacity) : FrameQueue(capacity)
{
    public long UserId { get; } = userId;

    protected override void Unregister() => hub.Remove(this);
}
