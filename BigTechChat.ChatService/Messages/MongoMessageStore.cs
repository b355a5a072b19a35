using BigTechChat.ChatService.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.EventBus.Outbox;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BigTechChat.ChatService.Messages;

/// <summary>
/// Messages in MongoDB (<c>ConnectionStrings:messagedb</c>): one document per message with its reactions embedded,
/// per-room seqs from <c>$inc</c> on <c>sequences</c>, receipts and read cursors in their own collections.
/// MongoDB and the chat database cannot share a transaction, so an announced event is stored in the outbox right
/// after the change it describes; a crash in between loses that live event, never the message (clients resume from history).
/// </summary>
internal sealed partial class MongoMessageStore(MessageCollections collections, IServiceScopeFactory scopes, TimeProvider clock) : IMessageStore
{
    private static readonly TimeSpan StaleClaim = TimeSpan.FromSeconds(30);
    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;
    private Task? _indexes;

    public async Task<AppendResult> AppendAsync(NewMessage message, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync();
        while (message.ClientMessageId is not null)
        {
            if (await FindResendAsync(message, cancellationToken) is { } existing)
            {
                return new AppendResult(existing, false);
            }

            if (await ClaimAsync(message, cancellationToken))
            {
                break;
            }

            if (await WaitForClaimantAsync(message, cancellationToken) is { } stored)
            {
                return new AppendResult(stored, false);
            }
        }

        var createdAt = ToMilliseconds(message.CreatedAt);
        var document = new MessageDocument
        {
            Id = ObjectId.GenerateNewId(),
            RoomId = message.RoomId,
            Seq = await NextSeqAsync(message.RoomId, cancellationToken),
            UserId = message.UserId,
            Username = message.Username,
            Content = message.Content,
            MessageType = message.MessageType,
            ClientMessageId = message.ClientMessageId,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
        try
        {
            await collections.Messages.InsertOneAsync(document, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException exception) when (IsDuplicateKey(exception) && message.ClientMessageId is not null)
        {
            // Only after a stale claim was taken over while its owner still finished: the first message stands.
            return new AppendResult(await FindResendAsync(message, cancellationToken)
                ?? throw new InvalidOperationException("Duplicate send vanished", exception), false);
        }

        var created = document.ToStored();
        await AnnounceAsync(announce, created, cancellationToken, db => RelationalMessageStore.RecordActivityAsync(db, message.RoomId, message.CreatedAt, CancellationToken.None));
        return new AppendResult(created, true);
    }

    public async Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken) =>
        MessageIds.IsValid(messageId) ? await LoadAsync(ObjectId.Parse(messageId), cancellationToken) : null;

    public async Task<bool> IsLiveAsync(string messageId, CancellationToken cancellationToken) =>
        MessageIds.IsValid(messageId) && await collections.Messages.CountDocumentsAsync(
            Filter.Eq(m => m.Id, ObjectId.Parse(messageId)) & Filter.Eq(m => m.IsDeleted, false), new CountOptions { Limit = 1 }, cancellationToken) > 0;

    public async Task<MessagePage> GetPageAsync(long roomId, int skip, int limit, CancellationToken cancellationToken)
    {
        var total = await CountVisibleAsync(roomId, cancellationToken);
        var documents = await collections.Messages.Find(Visible(roomId))
            .SortByDescending(m => m.Seq).Skip(skip).Limit(limit).ToListAsync(cancellationToken);
        documents.Reverse();
        return new MessagePage([.. documents.Select(d => d.ToStored())], total, skip + documents.Count < total);
    }

    public async Task<IReadOnlyDictionary<long, long>> GetLastSeqsAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken)
    {
        var sequences = await collections.Sequences.Find(Builders<RoomSequenceDocument>.Filter.In(s => s.RoomId, roomIds)).ToListAsync(cancellationToken);
        return sequences.ToDictionary(s => s.RoomId, s => s.Seq);
    }

    public async Task<MessagePage> GetBeforeSeqAsync(long roomId, long beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var total = await CountVisibleAsync(roomId, cancellationToken);
        // One more than asked tells whether older messages exist (deleted ones leave seq gaps).
        var documents = await collections.Messages.Find(Visible(roomId) & Filter.Lt(m => m.Seq, beforeSeq))
            .SortByDescending(m => m.Seq).Limit(limit + 1).ToListAsync(cancellationToken);
        var hasMore = documents.Count > limit;
        return new MessagePage([.. documents.Take(limit).Reverse().Select(d => d.ToStored())], total, hasMore);
    }

    public async Task<MessagePage> GetAfterSeqAsync(long roomId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var total = await CountVisibleAsync(roomId, cancellationToken);
        var documents = await collections.Messages.Find(Visible(roomId) & Filter.Gt(m => m.Seq, afterSeq))
            .SortBy(m => m.Seq).Limit(limit + 1).ToListAsync(cancellationToken);
        var hasMore = documents.Count > limit;
        return new MessagePage([.. documents.Take(limit).Select(d => d.ToStored())], total, hasMore);
    }

    public Task<MessageChange> EditAsync(string messageId, string content, DateTime editedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        var at = ToMilliseconds(editedAt);
        return ChangeAsync(messageId, Builders<MessageDocument>.Update
            .Set(m => m.Content, content).Set(m => m.IsEdited, true).Set(m => m.EditedAt, at).Set(m => m.UpdatedAt, at), announce, cancellationToken);
    }

    public Task<MessageChange> DeleteAsync(string messageId, long deletedBy, DateTime deletedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        var at = ToMilliseconds(deletedAt);
        // The text, the edit marks and the reactions go with the delete (one atomic update); only the seq's place stays.
        return ChangeAsync(messageId, Builders<MessageDocument>.Update
            .Set(m => m.IsDeleted, true).Set(m => m.Content, string.Empty).Set(m => m.Reactions, [])
            .Set(m => m.IsEdited, false).Set(m => m.EditedAt, null)
            .Set(m => m.DeletedAt, at).Set(m => m.UpdatedAt, at), announce, cancellationToken);
    }

    private async Task<MessageChange> ChangeAsync(
        string messageId, UpdateDefinition<MessageDocument> update, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        if (!MessageIds.IsValid(messageId))
        {
            return MessageChange.NotFound;
        }

        var id = ObjectId.Parse(messageId);
        var changed = await collections.Messages.FindOneAndUpdateAsync(
            Filter.Eq(m => m.Id, id) & Filter.Eq(m => m.IsDeleted, false),
            update,
            new FindOneAndUpdateOptions<MessageDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        if (changed is null)
        {
            return await LoadAsync(id, cancellationToken) is { } deleted
                ? new MessageChange(MessageChangeStatus.AlreadyDeleted, deleted)
                : MessageChange.NotFound;
        }

        var stored = changed.ToStored();
        await AnnounceAsync(announce, stored, cancellationToken);
        return new MessageChange(MessageChangeStatus.Changed, stored);
    }

    private async Task<StoredMessage?> FindResendAsync(NewMessage message, CancellationToken cancellationToken)
    {
        var document = await collections.Messages.Find(Filter.Eq(m => m.RoomId, message.RoomId)
                & Filter.Eq(m => m.UserId, message.UserId)
                & Filter.Eq(m => m.ClientMessageId, message.ClientMessageId))
            .FirstOrDefaultAsync(cancellationToken);
        return document?.ToStored();
    }

    private async Task<bool> ClaimAsync(NewMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await collections.ClientMessageClaims.InsertOneAsync(
                new ClientMessageClaim { Id = ClientMessageClaim.Key(message), ClaimedAt = clock.GetUtcNow().UtcDateTime },
                cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException exception) when (IsDuplicateKey(exception))
        {
            return false;
        }
    }

    /// <summary>Waits for the concurrent send that holds the claim; null when its owner died and the claim was taken back.</summary>
    private async Task<StoredMessage?> WaitForClaimantAsync(NewMessage message, CancellationToken cancellationToken)
    {
        var key = ClientMessageClaim.Key(message);
        while (true)
        {
            if (await FindResendAsync(message, cancellationToken) is { } stored)
            {
                return stored;
            }

            var staleBefore = clock.GetUtcNow().UtcDateTime - StaleClaim;
            var released = await collections.ClientMessageClaims.DeleteOneAsync(c => c.Id == key && c.ClaimedAt < staleBefore, cancellationToken);
            if (released.DeletedCount == 1)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, cancellationToken);
        }
    }

    private async Task<long> NextSeqAsync(long roomId, CancellationToken cancellationToken)
    {
        var sequence = await collections.Sequences.FindOneAndUpdateAsync(
            Builders<RoomSequenceDocument>.Filter.Eq(s => s.RoomId, roomId),
            Builders<RoomSequenceDocument>.Update.Inc(s => s.Seq, 1),
            new FindOneAndUpdateOptions<RoomSequenceDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            cancellationToken);
        return sequence.Seq;
    }

    /// <summary>The room's messages that are not deleted: what every read shows.</summary>
    private static FilterDefinition<MessageDocument> Visible(long roomId) =>
        Filter.Eq(m => m.RoomId, roomId) & Filter.Eq(m => m.IsDeleted, false);

    /// <summary>Seqs have no gaps, so the visible count is the last seq less the deleted ones (few, and indexed).</summary>
    private async Task<long> CountVisibleAsync(long roomId, CancellationToken cancellationToken) =>
        await LastSeqAsync(roomId, cancellationToken) - await collections.Messages.CountDocumentsAsync(
            Filter.Eq(m => m.RoomId, roomId) & Filter.Eq(m => m.IsDeleted, true), cancellationToken: cancellationToken);

    private async Task<long> LastSeqAsync(long roomId, CancellationToken cancellationToken)
    {
        var sequence = await collections.Sequences.Find(s => s.RoomId == roomId).FirstOrDefaultAsync(cancellationToken);
        return sequence?.Seq ?? 0;
    }

    private async Task<StoredMessage?> LoadAsync(ObjectId id, CancellationToken cancellationToken) =>
        (await collections.Messages.Find(Filter.Eq(m => m.Id, id)).FirstOrDefaultAsync(cancellationToken))?.ToStored();

    /// <summary>Stores the event in the chat database's outbox, after <paramref name="alongside"/> (the room's activity for a new message).</summary>
    private async Task AnnounceAsync<T>(Func<T, IntegrationEvent>? announce, T value, CancellationToken cancellationToken, Func<ChatDbContext, Task<int>>? alongside = null)
    {
        if (announce is null && alongside is null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        if (alongside is not null)
        {
            await alongside(db);
        }

        if (announce is null)
        {
            return;
        }

        db.AddIntegrationEvent(announce(value));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Creates the indexes on first use; a failure (MongoDB not up yet) is retried by the next call.</summary>
    private async Task EnsureIndexesAsync()
    {
        var indexes = _indexes ??= collections.CreateIndexesAsync(CancellationToken.None);
        try
        {
            await indexes;
        }
        catch (MongoException)
        {
            _ = Interlocked.CompareExchange(ref _indexes, null, indexes);
            throw;
        }
    }

    /// <summary>BSON dates hold milliseconds; what the API answers now must equal what it reads back later.</summary>
    private static DateTime ToMilliseconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    private static bool IsDuplicateKey(MongoWriteException exception) => exception.WriteError?.Category == ServerErrorCategory.DuplicateKey;
}
