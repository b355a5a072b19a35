using System.Data;
using System.Globalization;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.EventBus.Outbox;
using BigTechChat.Persistence;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace BigTechChat.ChatService.Messages;

/// <summary>
/// Messages in the chat database (SQLite embedded, MySQL distributed). Each call runs in its own DbContext so
/// the store is safe to share; events are stored in the outbox by the same transaction as the change.
/// </summary>
internal sealed partial class RelationalMessageStore(IServiceScopeFactory scopes, OutboxSignal outbox) : IMessageStore
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// One short write transaction per message, in two commands: the seq bump (its value returned by the same
    /// statement), then the message row, the outbox row and the room's last activity as one batch of raw statements.
    /// A resent client_message_id is caught by the unique (room, sender, client_message_id) index inside the seq
    /// statement, so a first send costs no lookup. Raw SQL rather than SaveChanges and ExecuteUpdate: those two were
    /// ~15 % of the process's CPU at 300 sends/s (docs/benchmarks.md, issue 10), so the relay is woken here at commit.
    /// </summary>
    public async Task<AppendResult> AppendAsync(NewMessage message, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken)
    {
        return await WithContextAsync(async db =>
        {
            try
            {
                var appended = await InTransactionAsync<AppendResult?>(db, async () =>
                {
                    if (await NextSeqAsync(db, message, cancellationToken) is not { } seq)
                    {
                        return null;
                    }

                    var stored = new StoredMessage(
                        MessageIds.NewId(), message.RoomId, seq, message.UserId, message.Username, message.Content, message.MessageType,
                        message.ClientMessageId, new Dictionary<string, IReadOnlyList<long>>(), false, null, false, null, message.CreatedAt, message.CreatedAt);
                    await InsertAsync(db, stored, announce is null ? null : OutboxModel.ToOutboxRow(announce(stored)), cancellationToken);
                    return new AppendResult(stored, true);
                }, cancellationToken, db.IsMySql ? IsolationLevel.ReadCommitted : null);
                if (appended is not null)
                {
                    outbox.Notify();
                }

                return appended ?? new AppendResult(await FindResendAsync(db, message, cancellationToken)
                    ?? throw new InvalidOperationException("Resent message vanished"), false);
            }
            catch (Exception exception) when (exception.IsUniqueViolation() && message.ClientMessageId is not null)
            {
                // Only a concurrent duplicate gets here: it committed after this statement's check.
                var first = await FindResendAsync(db, message, cancellationToken);
                return new AppendResult(first ?? throw new InvalidOperationException("Duplicate send vanished", exception), false);
            }
        });
    }

    /// <summary>
    /// The message row, its outbox row (when announced) and the room's last activity (moved up the room list, never
    /// back when a slower concurrent send commits later), as one command of plain SQL both SQLite and MariaDB run.
    /// Values go through EF's parameter mappings, so they are stored exactly as the entities would store them.
    /// </summary>
    private static Task<int> InsertAsync(ChatDbContext db, StoredMessage m, OutboxMessage? outboxRow, CancellationToken cancellationToken)
    {
        object?[] values = outboxRow is null
            ? [m.Id, m.RoomId, m.Seq, m.UserId, m.Username, m.Content, m.MessageType, m.ClientMessageId, m.CreatedAt]
            : [m.Id, m.RoomId, m.Seq, m.UserId, m.Username, m.Content, m.MessageType, m.ClientMessageId, m.CreatedAt,
               outboxRow.EventId, outboxRow.Topic, outboxRow.PartitionKey, outboxRow.EventType, outboxRow.Payload, outboxRow.TraceParent, outboxRow.CreatedAt];

        // EF binds a null value as SQL NULL.
        return db.Database.ExecuteSqlRawAsync(outboxRow is null ? InsertMessageSql : InsertMessageSql + InsertOutboxSql, (IEnumerable<object>)values, cancellationToken);
    }

    private static readonly string InsertMessageSql =
        "INSERT INTO messages (Id, RoomId, Seq, UserId, Username, Content, MessageType, ClientMessageId, IsDeleted, IsEdited, CreatedAt, UpdatedAt) " +
        "VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, 0, 0, {8}, {8}); " + RoomActivitySql(room: 1, at: 8);

    private const string InsertOutboxSql =
        " INSERT INTO outbox_messages (EventId, Topic, PartitionKey, EventType, Payload, TraceParent, CreatedAt, Attempts) " +
        "VALUES ({9}, {10}, {11}, {12}, {13}, {14}, {15}, 0);";

    /// <summary>Moves the room up the room list; never back, when a slower concurrent send commits later.</summary>
    internal static Task<int> RecordActivityAsync(ChatDbContext db, long roomId, DateTime at, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(RoomActivitySql(room: 0, at: 1), [roomId, at], cancellationToken);

    /// <summary>The room-activity rule as SQL over the statement's parameters number <paramref name="room"/> and <paramref name="at"/>.</summary>
    private static string RoomActivitySql(int room, int at) =>
        $"UPDATE chat_rooms SET LastActivityAt = {{{at}}} WHERE Id = {{{room}}} AND LastActivityAt < {{{at}}};";

    public Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken) =>
        !MessageIds.IsValid(messageId)
            ? Task.FromResult<StoredMessage?>(null)
            : WithContextAsync(db => LoadAsync(db, messageId, cancellationToken));

    public Task<bool> IsLiveAsync(string messageId, CancellationToken cancellationToken) =>
        !MessageIds.IsValid(messageId)
            ? Task.FromResult(false)
            : WithContextAsync(db => IsLiveQuery.For(db)(db, messageId, cancellationToken));

    // Once per delivered message in every instance, so compiled (issue 10).
    private static readonly CompiledPerModel<Func<ChatDbContext, string, CancellationToken, Task<bool>>> IsLiveQuery = new(() =>
        EF.CompileAsyncQuery((ChatDbContext db, string id, CancellationToken _) => db.Messages.Any(m => m.Id == id && !m.IsDeleted)));

    public Task<IReadOnlyDictionary<long, long>> GetLastSeqsAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken) =>
        WithContextAsync<IReadOnlyDictionary<long, long>>(async db => await db.RoomSequences.AsNoTracking()
            .Where(s => roomIds.Contains(s.RoomId))
            .ToDictionaryAsync(s => s.RoomId, s => s.LastSeq, cancellationToken));

    public Task<MessagePage> GetPageAsync(long roomId, int skip, int limit, CancellationToken cancellationToken) =>
        WithContextAsync(async db =>
        {
            var total = await CountVisibleAsync(db, roomId, cancellationToken);
            var records = await Visible(db, roomId)
                .OrderByDescending(m => m.Seq)
                .Skip(skip)
                .Take(limit)
                .ToListAsync(cancellationToken);
            records.Reverse();
            return new MessagePage(await WithReactionsAsync(db, records, cancellationToken), total, skip + records.Count < total);
        });

    public Task<MessagePage> GetBeforeSeqAsync(long roomId, long beforeSeq, int limit, CancellationToken cancellationToken) =>
        WithContextAsync(async db =>
        {
            var total = await CountVisibleAsync(db, roomId, cancellationToken);
            // One more than asked tells whether older messages exist (deleted ones leave seq gaps).
            var records = await Visible(db, roomId)
                .Where(m => m.Seq < beforeSeq)
                .OrderByDescending(m => m.Seq)
                .Take(limit + 1)
                .ToListAsync(cancellationToken);
            var hasMore = records.Count > limit;
            records = [.. records.Take(limit).Reverse()];
            return new MessagePage(await WithReactionsAsync(db, records, cancellationToken), total, hasMore);
        });

    public Task<MessagePage> GetAfterSeqAsync(long roomId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        WithContextAsync(async db =>
        {
            var total = await CountVisibleAsync(db, roomId, cancellationToken);
            var records = await Visible(db, roomId)
                .Where(m => m.Seq > afterSeq)
                .OrderBy(m => m.Seq)
                .Take(limit + 1)
                .ToListAsync(cancellationToken);
            var hasMore = records.Count > limit;
            records = [.. records.Take(limit)];
            return new MessagePage(await WithReactionsAsync(db, records, cancellationToken), total, hasMore);
        });

    public Task<MessageChange> EditAsync(string messageId, string content, DateTime editedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ChangeAsync(messageId, announce, cancellationToken, (db, id) => db.Messages
            .Where(m => m.Id == id && !m.IsDeleted)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Content, content)
                .SetProperty(m => m.IsEdited, true)
                .SetProperty(m => m.EditedAt, editedAt)
                .SetProperty(m => m.UpdatedAt, editedAt), cancellationToken));

    public Task<MessageChange> DeleteAsync(string messageId, long deletedBy, DateTime deletedAt, Func<StoredMessage, IntegrationEvent>? announce, CancellationToken cancellationToken) =>
        ChangeAsync(messageId, announce, cancellationToken, async (db, id) =>
        {
            // The text, the edit marks and the reactions go with the delete; only the seq's place stays.
            var deleted = await db.Messages
                .Where(m => m.Id == id && !m.IsDeleted)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.IsDeleted, true)
                    .SetProperty(m => m.Content, string.Empty)
                    .SetProperty(m => m.IsEdited, false)
                    .SetProperty(m => m.EditedAt, (DateTime?)null)
                    .SetProperty(m => m.DeletedAt, deletedAt)
                    .SetProperty(m => m.UpdatedAt, deletedAt), cancellationToken);
            if (deleted > 0)
            {
                await db.Reactions.Where(r => r.MessageId == id).ExecuteDeleteAsync(cancellationToken);
            }

            return deleted;
        });

    private Task<MessageChange> ChangeAsync(
        string messageId,
        Func<StoredMessage, IntegrationEvent>? announce,
        CancellationToken cancellationToken,
        Func<ChatDbContext, string, Task<int>> update)
    {
        if (!MessageIds.IsValid(messageId))
        {
            return Task.FromResult(MessageChange.NotFound);
        }

        return WithContextAsync(db => InTransactionAsync(db, async () =>
        {
            if (await update(db, messageId) == 0)
            {
                var exists = await db.Messages.AnyAsync(m => m.Id == messageId, cancellationToken);
                return exists ? new MessageChange(MessageChangeStatus.AlreadyDeleted, await LoadAsync(db, messageId, cancellationToken)) : MessageChange.NotFound;
            }

            var changed = (await LoadAsync(db, messageId, cancellationToken))!;
            Announce(db, announce, changed);
            await db.SaveChangesAsync(cancellationToken);
            return new MessageChange(MessageChangeStatus.Changed, changed);
        }, cancellationToken));
    }

    private static async Task<StoredMessage?> FindResendAsync(ChatDbContext db, NewMessage message, CancellationToken cancellationToken)
    {
        if (message.ClientMessageId is null)
        {
            return null;
        }

        var record = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m =>
            m.RoomId == message.RoomId && m.UserId == message.UserId && m.ClientMessageId == message.ClientMessageId, cancellationToken);
        return record is null ? null : (await WithReactionsAsync(db, [record], cancellationToken))[0];
    }

    /// <summary>
    /// Bumps the room's sequence row (creating it on the first message) and returns the new value in the same round
    /// trip: <c>RETURNING</c> on SQLite (3.35+), <c>LAST_INSERT_ID(expr)</c> on MySQL/MariaDB. The row lock serialises
    /// writers of one room, so seqs have no gaps. Null, and nothing bumped, when the sender already stored this
    /// client_message_id: the resend check rides on the unique index inside the same statement.
    /// </summary>
    private static async Task<long?> NextSeqAsync(ChatDbContext db, NewMessage message, CancellationToken cancellationToken)
    {
        var sql = (db.IsMySql, message.ClientMessageId is null) switch
        {
            (true, true) => NextSeqMySql,
            (true, false) => NextSeqMySqlUnlessResent,
            (false, true) => NextSeqSqlite,
            (false, false) => NextSeqSqliteUnlessResent,
        };
        var next = await db.Database.ExecuteScalarRawAsync(sql, [message.RoomId, message.UserId, message.ClientMessageId], cancellationToken);
        return next is null or DBNull ? null : Convert.ToInt64(next, CultureInfo.InvariantCulture);
    }

    // {0} room, {1} sender, {2} client_message_id (unused by the first form of each).
    private const string NextSeqMySql =
        "INSERT INTO room_sequences (RoomId, LastSeq) VALUES ({0}, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE LastSeq = LAST_INSERT_ID(LastSeq + 1); SELECT LAST_INSERT_ID()";

    private const string NextSeqMySqlUnlessResent =
        "INSERT INTO room_sequences (RoomId, LastSeq) SELECT {0}, LAST_INSERT_ID(1) FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM messages WHERE RoomId = {0} AND UserId = {1} AND ClientMessageId = {2}) ON DUPLICATE KEY UPDATE LastSeq = LAST_INSERT_ID(room_sequences.LastSeq + 1); SELECT LAST_INSERT_ID() FROM DUAL WHERE ROW_COUNT() > 0";

    private const string NextSeqSqlite =
        "INSERT INTO room_sequences (RoomId, LastSeq) VALUES ({0}, 1) ON CONFLICT(RoomId) DO UPDATE SET LastSeq = LastSeq + 1 RETURNING LastSeq";

    private const string NextSeqSqliteUnlessResent =
        "INSERT INTO room_sequences (RoomId, LastSeq) SELECT {0}, 1 WHERE NOT EXISTS (SELECT 1 FROM messages WHERE RoomId = {0} AND UserId = {1} AND ClientMessageId = {2}) ON CONFLICT(RoomId) DO UPDATE SET LastSeq = LastSeq + 1 RETURNING LastSeq";

    /// <summary>The room's messages that are not deleted: what every read shows.</summary>
    private static IQueryable<MessageRecord> Visible(ChatDbContext db, long roomId) => InRoom(db, roomId, deleted: false);

    /// <summary>
    /// The room's messages with the given deleted flag, as <c>RoomId = @room AND IsDeleted = @deleted</c>: a literal
    /// <c>!m.IsDeleted</c> becomes <c>NOT IsDeleted</c>, which neither SQLite nor MariaDB can seek, so they walked the
    /// room's (RoomId, Seq) range row by row; an equality on a parameter seeks (RoomId, IsDeleted, Seq) (issue 10).
    /// </summary>
    internal static IQueryable<MessageRecord> InRoom(ChatDbContext db, long roomId, bool deleted) =>
        db.Messages.AsNoTracking().Where(m => m.RoomId == roomId && m.IsDeleted == deleted);

    /// <summary>Seqs have no gaps, so the visible count is the last seq less the deleted ones (an index range of those alone).</summary>
    private static async Task<long> CountVisibleAsync(ChatDbContext db, long roomId, CancellationToken cancellationToken) =>
        await LastSeqAsync(db, roomId, cancellationToken)
        - await InRoom(db, roomId, deleted: true).LongCountAsync(cancellationToken);

    private static Task<long> LastSeqAsync(ChatDbContext db, long roomId, CancellationToken cancellationToken) =>
        db.RoomSequences.Where(s => s.RoomId == roomId).Select(s => s.LastSeq).FirstOrDefaultAsync(cancellationToken);

    private static async Task<StoredMessage?> LoadAsync(ChatDbContext db, string messageId, CancellationToken cancellationToken)
    {
        var record = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        return record is null ? null : (await WithReactionsAsync(db, [record], cancellationToken))[0];
    }

    private static async Task<List<StoredMessage>> WithReactionsAsync(ChatDbContext db, List<MessageRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        // One message by equality: Pomelo writes a Contains over a list as constants, so its SQL is generated anew at
        // every call (~1/3 of the query's CPU, issue 10); an equality's SQL is cached.
        var ofRecords = records.Count == 1 ? OfMessage(db, records[0].Id) : OfMessages(db, [.. records.Select(r => r.Id)]);
        // Sorted here, not by ORDER BY Id: MariaDB walked the whole table's primary key for that order (issue 10).
        var reactions = await ofRecords
            .Select(r => new { r.Id, r.MessageId, r.Emoji, r.UserId })
            .ToListAsync(cancellationToken);
        var byMessage = reactions.OrderBy(r => r.Id).ToLookup(r => r.MessageId);
        return records.Select(r => ToStored(r, byMessage[r.Id]
            .GroupBy(x => x.Emoji, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(x => x.UserId).ToList(), StringComparer.Ordinal)))
            .ToList();
    }

    private static IQueryable<MessageReaction> OfMessage(ChatDbContext db, string id) => db.Reactions.AsNoTracking().Where(r => r.MessageId == id);

    private static IQueryable<MessageReaction> OfMessages(ChatDbContext db, string[] ids) => db.Reactions.AsNoTracking().Where(r => ids.Contains(r.MessageId));

    private static StoredMessage ToStored(MessageRecord r, IReadOnlyDictionary<string, IReadOnlyList<long>> reactions) => new(
        r.Id, r.RoomId, r.Seq, r.UserId, r.Username, r.Content, r.MessageType, r.ClientMessageId, reactions,
        r.IsDeleted, r.DeletedAt, r.IsEdited, r.EditedAt, r.CreatedAt, r.UpdatedAt);

    private static void Announce<T>(ChatDbContext db, Func<T, IntegrationEvent>? announce, T value)
    {
        if (announce is not null)
        {
            db.AddIntegrationEvent(announce(value));
        }
    }

    private async Task<T> WithContextAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        return await work(db);
    }

    /// <summary>Runs the work in one transaction, retrying when MySQL picked it as a deadlock victim.</summary>
    private async Task<T> InTransactionAsync<T>(ChatDbContext db, Func<Task<T>> work, CancellationToken cancellationToken, IsolationLevel? isolation = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = isolation is { } level
                ? await db.Database.BeginTransactionAsync(level, cancellationToken)
                : await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work();
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception exception) when (attempt < MaxAttempts && IsTransient(exception))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        MySqlException mysql => mysql.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout,
        DbUpdateException { InnerException: MySqlException mysql } => mysql.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout,
        _ => false,
    };
}
