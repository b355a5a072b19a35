using BigTechChat.EventBus;

namespace BigTechChat.ChatService.Messages;

/// <summary>
/// Where messages, receipts and reactions live: the chat database (SQLite/MySQL) or MongoDB when
/// <c>ConnectionStrings:messagedb</c> is set. Both implementations pass <c>MessageStoreContract</c>.
/// Membership and authorship are checked by the caller; the store guards only the data's own invariants.
/// Every write takes an optional <c>announce</c>: the integration event it returns is stored in the outbox with
/// the change (atomically where the backend allows it) and is not stored when nothing changed.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Stores a message with the room's next <c>seq</c> (1, 2, 3 … without gaps). A repeated
    /// (room, sender, client_message_id) stores nothing and returns the first message with <c>Created = false</c>.
    /// </summary>
    Task<AppendResult> AppendAsync(NewMessage message, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>Null when no message has that id (including ids that are not 24-char hex).</summary>
    Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// True when the message exists and is not deleted: one lookup by id, without the text or reactions (the live
    /// fan-out's check before writing a <c>new_message</c>, docs/chat-service.md). False for malformed ids.
    /// </summary>
    Task<bool> IsLiveAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Offset paging: skip=0 is the newest page; every page is ordered oldest→newest.</summary>
    Task<MessagePage> GetPageAsync(long roomId, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> messages with seq &lt; beforeSeq, oldest→newest; HasMore = older ones exist.</summary>
    Task<MessagePage> GetBeforeSeqAsync(long roomId, long beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The oldest <paramref name="limit"/> messages with seq &gt; afterSeq, oldest→newest; HasMore = newer ones exist.</summary>
    Task<MessagePage> GetAfterSeqAsync(long roomId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the content (seq unchanged, is_edited set).</summary>
    Task<MessageChange> EditAsync(string messageId, string content, DateTime editedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>Soft delete: the message keeps its seq and stays in history with is_deleted set.</summary>
    Task<MessageChange> DeleteAsync(string messageId, long deletedBy, DateTime deletedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>One reaction per (user, emoji); adding it again changes nothing (<c>Changed = false</c>).</summary>
    Task<ReactionChange> AddReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken);

    Task<ReactionChange> RemoveReactionAsync(string messageId, long userId, string emoji, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>
    /// Read receipts for the given messages. Every id must name a message of <paramref name="roomId"/>, else
    /// <see cref="MessagesNotInRoomException"/> and nothing is stored. Returns how many became read now (0 on a repeat).
    /// </summary>
    Task<int> MarkReadAsync(long roomId, long userId, IReadOnlyCollection<string> messageIds, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>Marks every message up to and including <paramref name="seq"/> read; returns how many became read now.</summary>
    Task<int> MarkReadUpToAsync(long roomId, long userId, long seq, Func<int, IntegrationEvent>? announce, CancellationToken cancellationToken);

    /// <summary>Exact count of messages by others, not deleted, not read by <paramref name="userId"/>.</summary>
    Task<long> CountUnreadAsync(long roomId, long userId, CancellationToken cancellationToken);

    /// <summary>As <see cref="CountUnreadAsync(long, long, CancellationToken)"/> for many rooms; every asked room is in the answer.</summary>
    Task<IReadOnlyDictionary<long, long>> CountUnreadAsync(IReadOnlyCollection<long> roomIds, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// The highest seq handed out in each room, deleted messages included (a resume cursor may name a message deleted
    /// since); rooms without messages are absent.
    /// </summary>
    Task<IReadOnlyDictionary<long, long>> GetLastSeqsAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken);

    /// <summary>The highest-seq message of each room that has one (deleted ones included, flagged).</summary>
    Task<IReadOnlyDictionary<long, StoredMessage>> GetLastMessagesAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken);
}
