using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BigTechChat.ChatService.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// A per-user stream's position: for each room the stream follows, the seq of the last message it delivered.
/// Written on the wire as <c>&lt;checkpoint id&gt;.&lt;delta&gt;</c> (docs/api.md, per-user stream): the checkpoint is a
/// stored snapshot, the delta lists in base 36 the rooms that changed since, <c>room:seq</c> for a room followed up to
/// seq, <c>room:-</c> for a room left, comma separated. Clients treat it as opaque.
/// </summary>
public sealed class UserStreamCursor
{
    private readonly Dictionary<long, long> _base;
    private readonly SortedDictionary<long, long?> _delta = [];

    private UserStreamCursor(string checkpointId, Dictionary<long, long> snapshot)
    {
        (CheckpointId, _base, Rooms) = (checkpointId, snapshot, new Dictionary<long, long>(snapshot));
    }

    public string CheckpointId { get; private set; }

    /// <summary>The rooms followed and the seq each was delivered up to.</summary>
    public Dictionary<long, long> Rooms { get; }

    /// <summary>How many rooms the id lists beyond its checkpoint.</summary>
    public int DeltaCount => _delta.Count;

    /// <summary>The SSE id that names this position.</summary>
    public string Id
    {
        get
        {
            var id = new StringBuilder(CheckpointId).Append('.');
            var first = true;
            foreach (var (room, seq) in _delta)
            {
                id.Append(first ? string.Empty : ",").Append(Base36(room)).Append(':').Append(seq is { } s ? Base36(s) : "-");
                first = false;
            }

            return id.ToString();
        }
    }

    /// <summary>A new checkpoint id: 128 random bits in hex.</summary>
    public static string NewCheckpointId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static UserStreamCursor At(string checkpointId, IReadOnlyDictionary<long, long> rooms) => new(checkpointId, new(rooms));

    public void Advance(long roomId, long seq)
    {
        if (!Rooms.TryGetValue(roomId, out var current) || seq > current)
        {
            Set(roomId, seq);
        }
    }

    public void Join(long roomId, long seq) => Set(roomId, seq);

    public void Leave(long roomId)
    {
        Rooms.Remove(roomId);
        if (_base.ContainsKey(roomId))
        {
            _delta[roomId] = null;
        }
        else
        {
            _delta.Remove(roomId);
        }
    }

    /// <summary>Moves to a new checkpoint of the current position (the caller stores it), so ids stay short.</summary>
    public void Rebase(string checkpointId)
    {
        CheckpointId = checkpointId;
        _base.Clear();
        foreach (var (room, seq) in Rooms)
        {
            _base[room] = seq;
        }

        _delta.Clear();
    }

    private void Set(long roomId, long seq)
    {
        Rooms[roomId] = seq;
        _delta[roomId] = seq;
    }

    /// <summary>Splits a wire id into checkpoint id and delta; null when it is not one this server writes.</summary>
    public static (string CheckpointId, IReadOnlyList<(long Room, long? Seq)> Delta)? Parse(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot != 32 || !id[..32].All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var delta = new List<(long, long?)>();
        foreach (var item in id[(dot + 1)..].Split(',', StringSplitOptions.None))
        {
            if (item.Length == 0 && delta.Count == 0 && id.Length == dot + 1)
            {
                break;
            }

            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || FromBase36(item[..colon]) is not { } room || room <= 0)
            {
                return null;
            }

            var seqText = item[(colon + 1)..];
            if (seqText == "-")
            {
                delta.Add((room, null));
            }
            else if (FromBase36(seqText) is { } seq)
            {
                delta.Add((room, seq));
            }
            else
            {
                return null;
            }
        }

        return (id[..32], delta);
    }

    /// <summary>Restores a position from its checkpoint's snapshot and the delta the id carried.</summary>
    public static UserStreamCursor Restore(string checkpointId, IReadOnlyDictionary<long, long> snapshot, IReadOnlyList<(long Room, long? Seq)> delta)
    {
        var cursor = new UserStreamCursor(checkpointId, new(snapshot));
        foreach (var (room, seq) in delta)
        {
            if (seq is { } s)
            {
                cursor.Set(room, s);
            }
            else
            {
                cursor.Leave(room);
            }
        }

        return cursor;
    }

    public static string SerializeRooms(IReadOnlyDictionary<long, long> rooms) => JsonSerializer.Serialize(rooms);

    public static Dictionary<long, long> DeserializeRooms(string json) => JsonSerializer.Deserialize<Dictionary<long, long>>(json) ?? [];

    private static string Base36(long value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        if (value == 0)
        {
            return "0";
        }

        var chars = new Stack<char>();
        for (var v = value; v > 0; v /= 36)
        {
            chars.Push(Digits[(int)(v % 36)]);
        }

        return new string(chars.ToArray());
    }

    /// <summary>Lower-case base 36 of at most 12 digits (fits a long), no sign; null otherwise.</summary>
    private static long? FromBase36(string text)
    {
        if (text.Length is 0 or > 12)
        {
            return null;
        }

        long value = 0;
        foreach (var c in text)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }

            value = (value * 36) + digit;
        }

        return value;
    }
}

/// <summary>Stores and finds per-user stream checkpoints; expired ones are deleted as the user's new ones are written.</summary>
public sealed class StreamCheckpoints(ChatDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<StreamOptions> options)
{
    public async Task<string> WriteAsync(long userId, IReadOnlyDictionary<long, long> rooms, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var checkpoint = new StreamCheckpoint { Id = UserStreamCursor.NewCheckpointId(), UserId = userId, CreatedAt = now, Seqs = UserStreamCursor.SerializeRooms(rooms) };
        db.StreamCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var expired = now - options.Value.CheckpointLifetime;
        await db.StreamCheckpoints.Where(c => c.UserId == userId && c.CreatedAt < expired).ExecuteDeleteAsync(ct);
        return checkpoint.Id;
    }

    /// <summary>The user's checkpoint of that id if it can still be resumed; the reason for a <c>resync</c> otherwise.</summary>
    public async Task<(Dictionary<long, long>? Rooms, string? Problem)> FindAsync(long userId, string id, CancellationToken ct)
    {
        var checkpoint = await db.StreamCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (checkpoint is null || checkpoint.UserId != userId)
        {
            // Another user's checkpoint is answered as unknown: a cursor says nothing about whose it is.
            return (null, "unknown_cursor");
        }

        return checkpoint.CreatedAt < clock.GetUtcNow().UtcDateTime - options.Value.CheckpointLifetime
            ? (null, "cursor_expired")
            : (UserStreamCursor.DeserializeRooms(checkpoint.Seqs), null);
    }
}
