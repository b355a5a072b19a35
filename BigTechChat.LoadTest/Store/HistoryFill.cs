using System.Diagnostics;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.LoadTest.Store;

/// <summary>
/// Fills a room's history straight into the chat service's relational database (SQLite file or MySQL/MariaDB), with
/// the service's own DbContext and entities so the rows match its schema: messages with seqs following the room's
/// last one, the room's sequence and last activity moved on, in transactions of <see cref="BatchSize"/> rows. No
/// events are published (no outbox rows): the benchmark measures reads. Run it while nothing else writes to the room.
/// </summary>
public sealed class HistoryFill(Func<ChatDbContext> createContext)
{
    /// <summary>Rows per transaction: big enough that commits do not dominate, small enough to bound one transaction's memory.</summary>
    public const int BatchSize = 20_000;

    /// <summary>A context on the SQLite file of the embedded topology (<c>data/chat.db</c> by default).</summary>
    public static HistoryFill ForSqlite(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No chat database at '{path}' (the chat service creates it at start).");
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 60 }.ToString();
        return new HistoryFill(() => new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(connection).Options));
    }

    /// <summary>A context on the MySQL/MariaDB chat database of the local topology (the <c>chatdb</c> connection string).</summary>
    public static HistoryFill ForMySql(string connectionString)
    {
        var version = ServerVersion.AutoDetect(connectionString);
        return new HistoryFill(() => new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseMySql(connectionString, version).Options));
    }

    /// <summary>Appends <paramref name="count"/> messages by the room's creator; returns the room's last seq afterwards.</summary>
    public async Task<long> FillAsync(long roomId, int count, IProgress<long>? progress, CancellationToken ct)
    {
        string username;
        long userId;
        long lastSeq;
        await using (var db = createContext())
        {
            var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct)
                ?? throw new InvalidOperationException($"Room {roomId} is not in the chat database.");
            userId = room.CreatorId;
            username = await db.DirectoryUsers.Where(u => u.Id == userId).Select(u => u.Username).FirstOrDefaultAsync(ct) ?? $"user{userId}";
            lastSeq = await db.RoomSequences.Where(s => s.RoomId == roomId).Select(s => s.LastSeq).FirstOrDefaultAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        for (var written = 0; written < count;)
        {
            var batch = Math.Min(BatchSize, count - written);
            await using var db = createContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = DateTime.UtcNow;
            for (var i = 0; i < batch; i++)
            {
                lastSeq++;
                db.Messages.Add(new MessageRecord
                {
                    Id = MessageIds.NewId(),
                    RoomId = roomId,
                    Seq = lastSeq,
                    UserId = userId,
                    Username = username,
                    Content = $"History filler {lastSeq}",
                    MessageType = "text",
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
            await SetLastSeqAsync(db, roomId, lastSeq, now, ct);
            await transaction.CommitAsync(ct);
            written += batch;
            progress?.Report(written);
        }

        return lastSeq;
    }

    private static async Task SetLastSeqAsync(ChatDbContext db, long roomId, long lastSeq, DateTime now, CancellationToken ct)
    {
        if (await db.RoomSequences.FirstOrDefaultAsync(s => s.RoomId == roomId, ct) is { } sequence)
        {
            sequence.LastSeq = lastSeq;
        }
        else
        {
            db.RoomSequences.Add(new RoomSequence { RoomId = roomId, LastSeq = lastSeq });
        }

        await db.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(r => r.SetProperty(x => x.LastActivityAt, now), ct);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
    }
}
