using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

public sealed record UserStreamServices(
    StreamHub Hub, IServiceScopeFactory Scopes, IMessageStore Store, StoredMessages Stored,
    TokenLifetimeMonitor Tokens, IOptions<StreamOptions> Options);

/// <summary>
/// One per-user stream: replays from storage what its cursor has not seen (messages of rooms it follows, rooms joined
/// and left since), then writes the live frames its connection queues, keeping per room the seqs it wrote so a
/// message is written once (docs/api.md, per-user stream; docs/chat-service.md, fan-out by user).
/// </summary>
public sealed class UserStreamSession(UserStreamConnection connection, UserStreamServices s, HttpContext http)
{
    private readonly Dictionary<long, DeliveredSeqs> _delivered = [];
    private readonly Dictionary<long, string> _roomTypes = [];
    private readonly Dictionary<long, DateTime> _membershipChangedAt = [];
    private UserStreamCursor _cursor = null!;

    private long Me => connection.UserId;

    public async IAsyncEnumerable<SseItem<string>> FramesAsync(string? lastEventId, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in CatchUpAsync(lastEventId, ct))
        {
            yield return item;
        }

        await foreach (var frame in StreamPings.ReadAsync(connection, s.Options.Value.PingInterval, http, ct))
        {
            await foreach (var item in LiveAsync(frame, ct))
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// The frames before the live ones: connected, resync, and what the cursor has not seen. Its own iterator so that
    /// what it reads (the user's rooms, the resume position) is garbage once it is done, not held for the stream's life.
    /// </summary>
    private async IAsyncEnumerable<SseItem<string>> CatchUpAsync(string? lastEventId, [EnumeratorCancellation] CancellationToken ct)
    {
        var rooms = await WithDbAsync((ChatDbContext db) => db.Members.AsNoTracking().Where(m => m.UserId == Me)
            .Join(db.Rooms, m => m.RoomId, r => r.Id, (m, r) => new { m.RoomId, m.JoinedSeq, r.RoomType })
            .ToDictionaryAsync(m => m.RoomId, ct));
        foreach (var room in rooms.Values)
        {
            _roomTypes[room.RoomId] = room.RoomType;
        }

        var (position, resync) = await ResumePointAsync(lastEventId, ct);
        position ??= await NewestSeqsAsync(rooms.Keys, ct);
        _cursor = UserStreamCursor.At(await WithDbAsync((StreamCheckpoints checkpoints) => checkpoints.WriteAsync(Me, position, ct)), position);
        foreach (var (roomId, seq) in position)
        {
            _delivered[roomId] = new DeliveredSeqs(seq);
        }

        yield return new SseItem<string>(Json(new { UserId = Me }), "connected") { EventId = _cursor.Id };
        if (resync is not null)
        {
            yield return new SseItem<string>(Json(new { Reason = resync }), "resync") { EventId = _cursor.Id };
        }

        foreach (var room in rooms.Values)
        {
            if (!_cursor.Rooms.ContainsKey(room.RoomId))
            {
                yield return await JoinAsync(room.RoomId, room.JoinedSeq, ct);
            }

            await foreach (var frame in ReplayAsync(room.RoomId, long.MaxValue, ct))
            {
                yield return frame;
            }
        }

        foreach (var roomId in _cursor.Rooms.Keys.Where(id => !rooms.ContainsKey(id)).ToList())
        {
            var leftSeq = await WithDbAsync((ChatDbContext db) => db.Departures.AsNoTracking().Where(d => d.UserId == Me && d.RoomId == roomId)
                .OrderByDescending(d => d.Id).Select(d => (long?)d.LeftSeq).FirstOrDefaultAsync(ct));
            await foreach (var frame in LeaveAsync(roomId, leftSeq ?? 0, ct))
            {
                yield return frame;
            }
        }
    }

    /// <summary>Where a resuming stream starts; null position for a fresh start, with the reason when the cursor cannot be served.</summary>
    private async Task<(Dictionary<long, long>? Position, string? Resync)> ResumePointAsync(string? lastEventId, CancellationToken ct)
    {
        if (lastEventId is null)
        {
            return (null, null);
        }

        if (UserStreamCursor.Parse(lastEventId) is not { } parsed)
        {
            return (null, "malformed_cursor");
        }

        var (snapshot, problem) = await WithDbAsync((StreamCheckpoints checkpoints) => checkpoints.FindAsync(Me, parsed.CheckpointId, ct));
        if (snapshot is null)
        {
            return (null, problem);
        }

        var position = UserStreamCursor.Restore(parsed.CheckpointId, snapshot, parsed.Delta).Rooms;

        // A seq beyond a room's newest was never written by this server: resuming after it would skip live messages.
        var newest = await NewestSeqsAsync(position.Keys, ct);
        return position.Any(p => p.Value > newest[p.Key]) ? (null, "cursor_ahead") : (position, null);
    }

    private async Task<Dictionary<long, long>> NewestSeqsAsync(IEnumerable<long> roomIds, CancellationToken ct)
    {
        var ids = roomIds.ToList();
        var last = ids.Count == 0 ? new Dictionary<long, long>() : await s.Store.GetLastSeqsAsync(ids, ct);
        return ids.ToDictionary(id => id, id => last.GetValueOrDefault(id));
    }

    private async IAsyncEnumerable<SseItem<string>> LiveAsync(StreamFrame frame, [EnumeratorCancellation] CancellationToken ct)
    {
        var roomId = frame.RoomId;
        if (roomId == 0)
        {
            yield return new SseItem<string>(frame.Data, frame.EventType);
            yield break;
        }

        if (frame.ChangedAt is { } changedAt)
        {
            if (_membershipChangedAt.TryGetValue(roomId, out var applied) && changedAt <= applied)
            {
                yield break;
            }

            _membershipChangedAt[roomId] = changedAt;
        }

        var following = _cursor.Rooms.ContainsKey(roomId);
        switch (frame.EventType)
        {
            case StreamFrame.RoomJoined when !following:
                yield return await JoinAsync(roomId, frame.Seq ?? 0, ct);
                await foreach (var item in ReplayAsync(roomId, long.MaxValue, ct))
                {
                    yield return item;
                }

                break;
            case StreamFrame.RoomLeft when following:
                await foreach (var item in LeaveAsync(roomId, frame.Seq ?? 0, ct))
                {
                    yield return item;
                }

                break;
            case StreamFrame.RoomUpdated when following:
                var updated = await WithDbAsync((RoomViews views) => views.ForAsync(roomId, Me, ct));
                yield return new SseItem<string>(Json(updated), StreamFrame.RoomUpdated) { EventId = await IdAsync(ct) };
                break;
            case StreamFrame.NewMessage when following:
                var seq = frame.Seq!.Value;
                var delivered = _delivered[roomId];
                if (delivered.Contains(seq))
                {
                    break;
                }

                if (delivered.HasGapBefore(seq))
                {
                    // A wake-up went missing (or came late): fill the gap from storage so order holds and nothing is lost.
                    await foreach (var item in ReplayAsync(roomId, seq - 1, ct))
                    {
                        yield return item;
                    }
                }

                delivered.Add(seq);
                _cursor.Advance(roomId, seq);
                yield return new SseItem<string>(frame.Data, frame.EventType) { EventId = await IdAsync(ct) };
                break;
            case StreamFrame.RoomJoined or StreamFrame.RoomLeft or StreamFrame.RoomUpdated or StreamFrame.NewMessage:
                break;
            default:
                if (following)
                {
                    yield return new SseItem<string>(frame.Data, frame.EventType);
                }

                break;
        }
    }

    /// <summary>Starts following a room the user joined: its messages after <paramref name="joinedSeq"/> are theirs.</summary>
    private async Task<SseItem<string>> JoinAsync(long roomId, long joinedSeq, CancellationToken ct)
    {
        var room = await WithDbAsync((RoomViews views) => views.ForAsync(roomId, Me, ct));
        _roomTypes[roomId] = room.RoomType;
        _delivered[roomId] = new DeliveredSeqs(joinedSeq);
        _cursor.Join(roomId, joinedSeq);
        return new SseItem<string>(Json(room), StreamFrame.RoomJoined) { EventId = await IdAsync(ct) };
    }

    /// <summary>Writes what is left of a room up to the seq at which the user left, then <c>room_left</c>; nothing of it after.</summary>
    private async IAsyncEnumerable<SseItem<string>> LeaveAsync(long roomId, long leftSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in ReplayAsync(roomId, leftSeq, ct))
        {
            yield return item;
        }

        _cursor.Leave(roomId);
        _delivered.Remove(roomId);
        yield return new SseItem<string>(Json(new { RoomId = roomId }), StreamFrame.RoomLeft) { EventId = await IdAsync(ct) };
    }

    /// <summary>The room's stored messages this stream has not written, after what it wrote and up to <paramref name="untilSeq"/>.</summary>
    private async IAsyncEnumerable<SseItem<string>> ReplayAsync(long roomId, long untilSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        var delivered = _delivered[roomId];
        if (!_roomTypes.TryGetValue(roomId, out var roomType))
        {
            roomType = await WithDbAsync((ChatDbContext db) => db.Rooms.Where(r => r.Id == roomId).Select(r => r.RoomType).FirstAsync(ct));
            _roomTypes[roomId] = roomType;
        }

        await foreach (var (message, visible) in s.Stored.AfterAsync(roomId, Me, delivered.Contiguous ?? 0, untilSeq, ct))
        {
            if (connection.IsClosed)
            {
                yield break;
            }

            if (delivered.Contains(message.Seq))
            {
                continue;
            }

            delivered.Add(message.Seq);
            _cursor.Advance(roomId, message.Seq);
            if (visible)
            {
                var response = MessageViews.ToResponse(message, roomType);
                yield return new SseItem<string>(Json(response), StreamFrame.NewMessage) { EventId = await IdAsync(ct) };
            }
        }
    }

    /// <summary>The id of the current position; a new checkpoint once the id would list too many rooms.</summary>
    private async Task<string> IdAsync(CancellationToken ct)
    {
        if (_cursor.DeltaCount > s.Options.Value.CheckpointDeltaLimit)
        {
            _cursor.Rebase(await WithDbAsync((StreamCheckpoints checkpoints) => checkpoints.WriteAsync(Me, _cursor.Rooms, ct)));
        }

        return _cursor.Id;
    }

    /// <summary>
    /// Runs one read or write with a scoped service borrowed for just that call: a stream lives for hours, and holding
    /// the request's DbContext (and its connection) that long cost every open stream a context and a pooled SQLite handle.
    /// </summary>
    private async Task<TResult> WithDbAsync<TService, TResult>(Func<TService, Task<TResult>> call)
        where TService : notnull
    {
        await using var scope = s.Scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Options);
}
