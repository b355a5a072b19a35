using BigTechChat.ChatService.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Messages;

internal sealed partial class RelationalMessageStore
{
    public Task<ReactionChange> AddReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ReactAsync(messageId, announce, cancellationToken, async db =>
        {
            db.Reactions.Add(new MessageReaction { MessageId = messageId, UserId = userId, Emoji = emoji, CreatedAt = DateTime.UtcNow });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                db.ChangeTracker.Clear();
                return false;
            }
        });

    public Task<ReactionChange> RemoveReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ReactAsync(messageId, announce, cancellationToken, async db =>
            await db.Reactions
                .Where(r => r.MessageId == messageId && r.UserId == userId && r.Emoji == emoji)
                .ExecuteDeleteAsync(cancellationToken) > 0);

    private Task<ReactionChange> ReactAsync(
        string messageId,
        Func<StoredMessage, IntegrationEvent>? announce,
        CancellationToken cancellationToken,
        Func<ChatDbContext, Task<bool>> change)
    {
        if (!MessageIds.IsValid(messageId))
        {
            return Task.FromResult(new ReactionChange(null, false));
        }

        return WithContextAsync(async db =>
        {
            if (!await db.Messages.AnyAsync(m => m.Id == messageId, cancellationToken))
            {
                return new ReactionChange(null, false);
            }

            return await InTransactionAsync(db, async () =>
            {
                var changed = await change(db);
                var message = (await LoadAsync(db, messageId, cancellationToken))!;
                if (message.IsDeleted)
                {
                    // Deleted meanwhile: a deleted message keeps no reactions, so this one goes too and nothing is announced.
                    await db.Reactions.Where(r => r.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
                    return new ReactionChange(message with { Reactions = new Dictionary<string, IReadOnlyList<long>>() }, false);
                }

                if (changed)
                {
                    Announce(db, announce, message);
                    await db.SaveChangesAsync(cancellationToken);
                }

                return new ReactionChange(message, changed);
            }, cancellationToken);
        });
    }

    public async Task<int> MarkReadAsync(long roomId, long userId, IReadOnlyCollection<string> messageIds, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        try
        {
            return await MarkReadOnceAsync(roomId, userId, messageIds, announce, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // A concurrent call stored some of the same receipts; the repeat counts only what is still unread.
            return await MarkReadOnceAsync(roomId, userId, messageIds, announce, cancellationToken);
        }
    }

    private Task<int> MarkReadOnceAsync(long roomId, long userId, IReadOnlyCollection<string> messageIds, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        var ids = messageIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Any(id => !MessageIds.IsValid(id)))
        {
            throw new MessagesNotInRoomException(roomId);
        }

        return WithContextAsync(db => InTransactionAsync(db, async () =>
        {
            await LockReaderAsync(db, roomId, userId, cancellationToken);
            var messages = await db.Messages.AsNoTracking()
                .Where(m => ids.Contains(m.Id))
                .Select(m => new { m.Id, m.RoomId, m.Seq, m.UserId, m.IsDeleted })
                .ToListAsync(cancellationToken);
            if (messages.Count != ids.Length || messages.Any(m => m.RoomId != roomId))
            {
                throw new MessagesNotInRoomException(roomId);
            }

            var cursor = await CursorAsync(db, roomId, userId, cancellationToken);
            var receipted = await db.Receipts.AsNoTracking()
                .Where(r => r.UserId == userId && ids.Contains(r.MessageId))
                .Select(r => r.MessageId)
                .ToListAsync(cancellationToken);
            var newlyRead = messages
                .Where(m => m.UserId != userId && m.Seq > cursor && !receipted.Contains(m.Id))
                .ToList();
            db.Receipts.AddRange(newlyRead.Select(m => new MessageReceipt { MessageId = m.Id, UserId = userId, RoomId = roomId, Seq = m.Seq }));
            var count = newlyRead.Count(m => !m.IsDeleted);
            if (newlyRead.Count > 0)
            {
                Announce(db, announce, count);
                await db.SaveChangesAsync(cancellationToken);
            }

            return count;
        }, cancellationToken));
    }

    public async Task<int> MarkReadUpToAsync(long roomId, long userId, long seq, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        try
        {
            return await MarkReadUpToOnceAsync(roomId, userId, seq, announce, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Two first reads of one room raced to create the cursor; the repeat finds it and moves it.
            return await MarkReadUpToOnceAsync(roomId, userId, seq, announce, cancellationToken);
        }
    }

    private Task<int> MarkReadUpToOnceAsync(long roomId, long userId, long seq, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        WithContextAsync(db => InTransactionAsync(db, async () =>
        {
            await LockReaderAsync(db, roomId, userId, cancellationToken);
            // Never past the newest message: a later message must still count as unread.
            var upTo = Math.Min(seq, await LastSeqAsync(db, roomId, cancellationToken));
            var cursor = await db.ReadCursors.FirstOrDefaultAsync(c => c.RoomId == roomId && c.UserId == userId, cancellationToken);
            var from = cursor?.LastReadSeq ?? 0;
            if (upTo <= from)
            {
                return 0;
            }

            var count = await UnreadQuery(db, roomId, userId, from).CountAsync(m => m.Seq <= upTo, cancellationToken);
            if (cursor is null)
            {
                db.ReadCursors.Add(new ReadCursor { RoomId = roomId, UserId = userId, LastReadSeq = upTo });
            }
            else
            {
                cursor.LastReadSeq = upTo;
            }

            Announce(db, announce, count);
            await db.SaveChangesAsync(cancellationToken);
            await db.Receipts.Where(r => r.RoomId == roomId && r.UserId == userId && r.Seq <= upTo).ExecuteDeleteAsync(cancellationToken);
            return count;
        }, cancellationToken));

    public Task<long> CountUnreadAsync(long roomId, long userId, CancellationToken cancellationToken) =>
        WithContextAsync(async db =>
        {
            var cursor = await CursorAsync(db, roomId, userId, cancellationToken);
            return await UnreadQuery(db, roomId, userId, cursor).LongCountAsync(cancellationToken);
        });

    public Task<IReadOnlyDictionary<long, long>> CountUnreadAsync(IReadOnlyCollection<long> roomIds, long userId, CancellationToken cancellationToken) =>
        WithContextAsync<IReadOnlyDictionary<long, long>>(async db =>
        {
            var rooms = roomIds.Distinct().ToArray();
            var counts = await db.Messages
                .Where(m => rooms.Contains(m.RoomId) && m.UserId != userId && !m.IsDeleted
                    && m.Seq > (db.ReadCursors.Where(c => c.RoomId == m.RoomId && c.UserId == userId).Select(c => (long?)c.LastReadSeq).FirstOrDefault() ?? 0)
                    && !db.Receipts.Any(r => r.MessageId == m.Id && r.UserId == userId))
                .GroupBy(m => m.RoomId)
                .Select(g => new { RoomId = g.Key, Count = g.LongCount() })
                .ToDictionaryAsync(x => x.RoomId, x => x.Count, cancellationToken);
            return rooms.ToDictionary(r => r, r => counts.GetValueOrDefault(r));
        });

    public Task<IReadOnlyDictionary<long, StoredMessage>> GetLastMessagesAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken) =>
        WithContextAsync<IReadOnlyDictionary<long, StoredMessage>>(async db =>
        {
            var rooms = roomIds.Distinct().ToArray();
            var records = await db.Messages.AsNoTracking()
                .Where(m => rooms.Contains(m.RoomId) && !m.IsDeleted
                    && m.Seq == db.Messages.Where(x => x.RoomId == m.RoomId && !x.IsDeleted).Max(x => x.Seq))
                .ToListAsync(cancellationToken);
            return (await WithReactionsAsync(db, records, cancellationToken)).ToDictionary(m => m.RoomId);
        });

    private static IQueryable<MessageRecord> UnreadQuery(ChatDbContext db, long roomId, long userId, long afterSeq) =>
        db.Messages.Where(m => m.RoomId == roomId && m.Seq > afterSeq && m.UserId != userId && !m.IsDeleted
            && !db.Receipts.Any(r => r.MessageId == m.Id && r.UserId == userId));

    /// <summary>
    /// Creates (or row-locks) the reader's cursor first, so concurrent receipts of one reader in one room run one
    /// after the other and every message is counted as newly read exactly once.
    /// </summary>
    private static Task LockReaderAsync(ChatDbContext db, long roomId, long userId, CancellationToken cancellationToken) => db.IsMySql
        ? db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO read_cursors (RoomId, UserId, LastReadSeq) VALUES ({roomId}, {userId}, 0) ON DUPLICATE KEY UPDATE LastReadSeq = LastReadSeq",
            cancellationToken)
        : db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO read_cursors (RoomId, UserId, LastReadSeq) VALUES ({roomId}, {userId}, 0) ON CONFLICT(RoomId, UserId) DO NOTHING",
            cancellationToken);

    private static Task<long> CursorAsync(ChatDbContext db, long roomId, long userId, CancellationToken cancellationToken) =>
        db.ReadCursors.Where(c => c.RoomId == roomId && c.UserId == userId).Select(c => c.LastReadSeq).FirstOrDefaultAsync(cancellationToken);
}
