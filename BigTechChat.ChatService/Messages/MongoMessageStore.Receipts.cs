using BigTechChat.EventBus;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BigTechChat.ChatService.Messages;

internal sealed partial class MongoMessageStore
{
    private static readonly FilterDefinitionBuilder<ReceiptDocument> ReceiptFilter = Builders<ReceiptDocument>.Filter;

    public Task<ReactionChange> AddReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ReactAsync(messageId, announce, cancellationToken, async id =>
        {
            // A deleted message takes no reactions; the filter makes that atomic with a concurrent delete.
            var absent = Filter.Eq(m => m.Id, id) & Filter.Eq(m => m.IsDeleted, false)
                & Filter.Not(Filter.ElemMatch(m => m.Reactions, r => r.Emoji == emoji && r.UserId == userId));
            var result = await collections.Messages.UpdateOneAsync(
                absent, Builders<MessageDocument>.Update.Push(m => m.Reactions, new ReactionEntry { Emoji = emoji, UserId = userId }),
                cancellationToken: cancellationToken);
            return result.ModifiedCount == 1;
        });

    public Task<ReactionChange> RemoveReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ReactAsync(messageId, announce, cancellationToken, async id =>
        {
            var result = await collections.Messages.UpdateOneAsync(
                Filter.Eq(m => m.Id, id),
                Builders<MessageDocument>.Update.PullFilter(m => m.Reactions, r => r.Emoji == emoji && r.UserId == userId),
                cancellationToken: cancellationToken);
            return result.ModifiedCount == 1;
        });

    private async Task<ReactionChange> ReactAsync(
        string messageId, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken, Func<ObjectId, Task<bool>> change)
    {
        if (!MessageIds.IsValid(messageId))
        {
            return new ReactionChange(null, false);
        }

        var id = ObjectId.Parse(messageId);
        var changed = await change(id);
        var message = await LoadAsync(id, cancellationToken);
        if (message is null)
        {
            return new ReactionChange(null, false);
        }

        if (changed)
        {
            await AnnounceAsync(announce, message, cancellationToken);
        }

        return new ReactionChange(message, changed);
    }

    public async Task<int> MarkReadAsync(long roomId, long userId, IReadOnlyCollection<string> messageIds, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        var ids = messageIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Any(id => !MessageIds.IsValid(id)))
        {
            throw new MessagesNotInRoomException(roomId);
        }

        var objectIds = ids.Select(ObjectId.Parse).ToArray();
        var messages = await collections.Messages.Find(Filter.In(m => m.Id, objectIds))
            .Project(m => new { m.Id, m.RoomId, m.Seq, m.UserId, m.IsDeleted })
            .ToListAsync(cancellationToken);
        if (messages.Count != ids.Length || messages.Any(m => m.RoomId != roomId))
        {
            throw new MessagesNotInRoomException(roomId);
        }

        var cursor = await CursorAsync(roomId, userId, cancellationToken);
        var newlyRead = 0;
        var count = 0;
        foreach (var message in messages.Where(m => m.UserId != userId && m.Seq > cursor).OrderBy(m => m.Seq))
        {
            if (await AddReceiptAsync(roomId, userId, message.Id, message.Seq, cancellationToken))
            {
                newlyRead++;
                count += message.IsDeleted ? 0 : 1;
            }
        }

        if (newlyRead > 0)
        {
            await AnnounceAsync(announce, count, cancellationToken);
        }

        return count;
    }

    public async Task<int> MarkReadUpToAsync(long roomId, long userId, long seq, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        // Never past the newest message: a later message must still count as unread.
        var upTo = Math.Min(seq, await LastSeqAsync(roomId, cancellationToken));
        var from = await CursorAsync(roomId, userId, cancellationToken);
        if (upTo <= from)
        {
            return 0;
        }

        var count = await CountUnreadBetweenAsync(roomId, userId, from, upTo, cancellationToken);
        var key = ReadCursorDocument.Key(roomId, userId);
        try
        {
            var moved = await collections.ReadCursors.UpdateOneAsync(
                c => c.Id == key && c.LastReadSeq < upTo,
                Builders<ReadCursorDocument>.Update.Set(c => c.LastReadSeq, upTo),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
            if (moved.ModifiedCount == 0 && moved.UpsertedId is null)
            {
                return 0;
            }
        }
        catch (MongoWriteException exception) when (IsDuplicateKey(exception))
        {
            // A concurrent read moved the cursor further already; this one changed nothing.
            return 0;
        }

        await AnnounceAsync(announce, count, cancellationToken);
        await collections.Receipts.DeleteManyAsync(
            ReceiptFilter.Eq(r => r.RoomId, roomId) & ReceiptFilter.Eq(r => r.UserId, userId) & ReceiptFilter.Lte(r => r.Seq, upTo),
            cancellationToken);
        return count;
    }

    public Task<long> CountUnreadAsync(long roomId, long userId, CancellationToken cancellationToken) =>
        CountUnreadFromCursorAsync(roomId, userId, cancellationToken);

    public async Task<IReadOnlyDictionary<long, long>> CountUnreadAsync(IReadOnlyCollection<long> roomIds, long userId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<long, long>();
        foreach (var roomId in roomIds.Distinct())
        {
            counts[roomId] = await CountUnreadFromCursorAsync(roomId, userId, cancellationToken);
        }

        return counts;
    }

    public async Task<IReadOnlyDictionary<long, StoredMessage>> GetLastMessagesAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken)
    {
        var last = new Dictionary<long, StoredMessage>();
        foreach (var roomId in roomIds.Distinct())
        {
            var document = await collections.Messages.Find(Visible(roomId))
                .SortByDescending(m => m.Seq).Limit(1).FirstOrDefaultAsync(cancellationToken);
            if (document is not null)
            {
                last[roomId] = document.ToStored();
            }
        }

        return last;
    }

    private async Task<long> CountUnreadFromCursorAsync(long roomId, long userId, CancellationToken cancellationToken) =>
        await CountUnreadBetweenAsync(roomId, userId, await CursorAsync(roomId, userId, cancellationToken), null, cancellationToken);

    /// <summary>Messages by others, not deleted, in (afterSeq, upToSeq], minus those with a receipt of the user.</summary>
    private async Task<int> CountUnreadBetweenAsync(long roomId, long userId, long afterSeq, long? upToSeq, CancellationToken cancellationToken)
    {
        var unread = Filter.Eq(m => m.RoomId, roomId) & Filter.Gt(m => m.Seq, afterSeq)
            & Filter.Ne(m => m.UserId, userId) & Filter.Eq(m => m.IsDeleted, false);
        var receipts = ReceiptFilter.Eq(r => r.RoomId, roomId) & ReceiptFilter.Eq(r => r.UserId, userId) & ReceiptFilter.Gt(r => r.Seq, afterSeq);
        if (upToSeq is { } upTo)
        {
            unread &= Filter.Lte(m => m.Seq, upTo);
            receipts &= ReceiptFilter.Lte(r => r.Seq, upTo);
        }

        var total = await collections.Messages.CountDocumentsAsync(unread, cancellationToken: cancellationToken);
        var receipted = await collections.Receipts.Find(receipts).Project(r => r.MessageId).ToListAsync(cancellationToken);
        if (receipted.Count > 0)
        {
            total -= await collections.Messages.CountDocumentsAsync(unread & Filter.In(m => m.Id, receipted), cancellationToken: cancellationToken);
        }

        return (int)total;
    }

    private async Task<bool> AddReceiptAsync(long roomId, long userId, ObjectId messageId, long seq, CancellationToken cancellationToken)
    {
        try
        {
            var result = await collections.Receipts.UpdateOneAsync(
                ReceiptFilter.Eq(r => r.MessageId, messageId) & ReceiptFilter.Eq(r => r.UserId, userId),
                Builders<ReceiptDocument>.Update.SetOnInsert(r => r.RoomId, roomId).SetOnInsert(r => r.Seq, seq),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
            return result.UpsertedId is not null;
        }
        catch (MongoWriteException exception) when (IsDuplicateKey(exception))
        {
            return false;
        }
    }

    private async Task<long> CursorAsync(long roomId, long userId, CancellationToken cancellationToken)
    {
        var key = ReadCursorDocument.Key(roomId, userId);
        var cursor = await collections.ReadCursors.Find(c => c.Id == key).FirstOrDefaultAsync(cancellationToken);
        return cursor?.LastReadSeq ?? 0;
    }
}
