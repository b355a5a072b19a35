using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;

namespace BigTechChat.ChatService.Messages;

/// <summary>A message with its reactions embedded (one document, so a reaction change is one atomic update).</summary>
[BsonIgnoreExtraElements]
internal sealed class MessageDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("room_id")]
    public long RoomId { get; set; }

    [BsonElement("seq")]
    public long Seq { get; set; }

    [BsonElement("user_id")]
    public long UserId { get; set; }

    [BsonElement("username")]
    public string Username { get; set; } = string.Empty;

    [BsonElement("content")]
    public string Content { get; set; } = string.Empty;

    [BsonElement("message_type")]
    public string MessageType { get; set; } = "text";

    /// <summary>Absent rather than null, so the partial unique index covers only messages that have one.</summary>
    [BsonElement("client_message_id")]
    [BsonIgnoreIfNull]
    public string? ClientMessageId { get; set; }

    [BsonElement("reactions")]
    public List<ReactionEntry> Reactions { get; set; } = [];

    [BsonElement("is_deleted")]
    public bool IsDeleted { get; set; }

    [BsonElement("deleted_at")]
    public DateTime? DeletedAt { get; set; }

    [BsonElement("is_edited")]
    public bool IsEdited { get; set; }

    [BsonElement("edited_at")]
    public DateTime? EditedAt { get; set; }

    [BsonElement("created_at")]
    public DateTime CreatedAt { get; set; }

    [BsonElement("updated_at")]
    public DateTime UpdatedAt { get; set; }

    public StoredMessage ToStored() => new(
        Id.ToString(), RoomId, Seq, UserId, Username, Content, MessageType, ClientMessageId,
        Reactions.GroupBy(r => r.Emoji, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(r => r.UserId).ToList(), StringComparer.Ordinal),
        IsDeleted, DeletedAt, IsEdited, EditedAt, CreatedAt, UpdatedAt);
}

[BsonIgnoreExtraElements]
internal sealed class ReactionEntry
{
    [BsonElement("emoji")]
    public string Emoji { get; set; } = string.Empty;

    [BsonElement("user_id")]
    public long UserId { get; set; }
}

/// <summary>A room's last handed-out seq, bumped with <c>$inc</c>.</summary>
[BsonIgnoreExtraElements]
internal sealed class RoomSequenceDocument
{
    [BsonId]
    public long RoomId { get; set; }

    [BsonElement("seq")]
    public long Seq { get; set; }
}

/// <summary>A single message read out of order (beyond the user's read cursor).</summary>
[BsonIgnoreExtraElements]
internal sealed class ReceiptDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("message_id")]
    public ObjectId MessageId { get; set; }

    [BsonElement("user_id")]
    public long UserId { get; set; }

    [BsonElement("room_id")]
    public long RoomId { get; set; }

    [BsonElement("seq")]
    public long Seq { get; set; }
}

/// <summary>Everything up to <c>last_read_seq</c> is read by the user.</summary>
[BsonIgnoreExtraElements]
internal sealed class ReadCursorDocument
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    [BsonElement("last_read_seq")]
    public long LastReadSeq { get; set; }

    public static string Key(long roomId, long userId) => $"{roomId}:{userId}";
}

/// <summary>
/// Claims a (room, sender, client_message_id) before a seq is taken, so concurrent resends neither store two
/// messages nor burn a seq (MongoDB without a replica set has no transaction to roll an <c>$inc</c> back).
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class ClientMessageClaim
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    [BsonElement("claimed_at")]
    public DateTime ClaimedAt { get; set; }

    public static string Key(NewMessage message) => $"{message.RoomId}:{message.UserId}:{message.ClientMessageId}";
}

/// <summary>The store's collections and their indexes (created once, idempotently).</summary>
internal sealed class MessageCollections(IMongoDatabase database)
{
    public IMongoCollection<MessageDocument> Messages { get; } = database.GetCollection<MessageDocument>("messages");

    public IMongoCollection<RoomSequenceDocument> Sequences { get; } = database.GetCollection<RoomSequenceDocument>("sequences");

    public IMongoCollection<ReceiptDocument> Receipts { get; } = database.GetCollection<ReceiptDocument>("receipts");

    public IMongoCollection<ReadCursorDocument> ReadCursors { get; } = database.GetCollection<ReadCursorDocument>("read_cursors");

    public IMongoCollection<ClientMessageClaim> ClientMessageClaims { get; } = database.GetCollection<ClientMessageClaim>("client_message_claims");

    public IMongoDatabase Database => database;

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        var message = Builders<MessageDocument>.IndexKeys;
        await Messages.Indexes.CreateManyAsync(
        [
            new(message.Ascending(m => m.RoomId).Ascending(m => m.Seq), new CreateIndexOptions { Unique = true, Name = "room_seq" }),
            // Reads skip deleted messages and count them; this keeps both an index walk.
            new(message.Ascending(m => m.RoomId).Ascending(m => m.IsDeleted).Ascending(m => m.Seq), new CreateIndexOptions { Name = "room_deleted_seq" }),
            new(message.Ascending(m => m.RoomId).Ascending(m => m.UserId).Ascending(m => m.ClientMessageId),
                new CreateIndexOptions<MessageDocument>
                {
                    Unique = true,
                    Name = "room_sender_client_message_id",
                    PartialFilterExpression = Builders<MessageDocument>.Filter.Exists(m => m.ClientMessageId),
                }),
        ], cancellationToken);
        var receipt = Builders<ReceiptDocument>.IndexKeys;
        await Receipts.Indexes.CreateManyAsync(
        [
            new(receipt.Ascending(r => r.MessageId).Ascending(r => r.UserId), new CreateIndexOptions { Unique = true, Name = "message_user" }),
            new(receipt.Ascending(r => r.RoomId).Ascending(r => r.UserId).Ascending(r => r.Seq), new CreateIndexOptions { Name = "room_user_seq" }),
        ], cancellationToken);
        // A claim only matters while its message is being written; MongoDB's TTL monitor removes old ones.
        await ClientMessageClaims.Indexes.CreateOneAsync(
            new CreateIndexModel<ClientMessageClaim>(
                Builders<ClientMessageClaim>.IndexKeys.Ascending(c => c.ClaimedAt),
                new CreateIndexOptions { Name = "claimed_at_ttl", ExpireAfter = TimeSpan.FromDays(1) }),
            cancellationToken: cancellationToken);
    }
}
