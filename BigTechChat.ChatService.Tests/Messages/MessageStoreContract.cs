using BigTechChat.ChatService.Messages;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>
/// The behaviour every <see cref="IMessageStore"/> must have. Subclass it once per implementation
/// (SQLite, MariaDB, MongoDB) and return a store over a fresh, empty database.
/// </summary>
public abstract partial class MessageStoreContract
{
    private static long _nextRoom = 1_000;

    protected static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected abstract Task<IMessageStore> CreateStoreAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static long NewRoomId() => Interlocked.Increment(ref _nextRoom);

    protected static NewMessage Message(long roomId, long userId, string content = "hello", string? clientMessageId = null, int minute = 0) =>
        new(roomId, userId, $"user{userId}", content, "text", clientMessageId, T0.AddMinutes(minute));

    protected static async Task<List<StoredMessage>> SendAsync(IMessageStore store, long roomId, long userId, int count)
    {
        var sent = new List<StoredMessage>();
        for (var i = 0; i < count; i++)
        {
            sent.Add((await store.AppendAsync(Message(roomId, userId, $"m{i + 1}", minute: i), null, Ct)).Message);
        }

        return sent;
    }

    [Fact]
    public async Task Append_assigns_consecutive_seq_per_room_and_objectid_ids()
    {
        var store = await CreateStoreAsync();
        long roomA = NewRoomId(), roomB = NewRoomId();

        var a1 = await store.AppendAsync(Message(roomA, 1), null, Ct);
        var b1 = await store.AppendAsync(Message(roomB, 1), null, Ct);
        var a2 = await store.AppendAsync(Message(roomA, 2), null, Ct);

        Assert.True(a1.Created);
        Assert.Equal([1L, 1L, 2L], [a1.Message.Seq, b1.Message.Seq, a2.Message.Seq]);
        Assert.True(MessageIds.IsValid(a1.Message.Id));
        Assert.NotEqual(a1.Message.Id, a2.Message.Id);
        Assert.Equal("hello", a2.Message.Content);
        Assert.Equal("user2", a2.Message.Username);
        Assert.Empty(a2.Message.Reactions);
        Assert.False(a2.Message.IsDeleted);
        Assert.False(a2.Message.IsEdited);
        Assert.Equal(DateTimeKind.Utc, a2.Message.CreatedAt.Kind);
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_gapless_seqs()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => store.AppendAsync(Message(room, 1 + (i % 3), $"c{i}"), null, Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), results.Select(r => r.Message.Seq).Order());
    }

    [Fact]
    public async Task Repeated_client_message_id_returns_the_first_message_and_stores_nothing()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();

        var first = await store.AppendAsync(Message(room, 1, "first", "cm-1"), null, Ct);
        var again = await store.AppendAsync(Message(room, 1, "second", "cm-1"), _ => throw new InvalidOperationException("announced a duplicate"), Ct);
        var otherSender = await store.AppendAsync(Message(room, 2, "other", "cm-1"), null, Ct);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Message.Id, again.Message.Id);
        Assert.Equal("first", again.Message.Content);
        Assert.Equal("cm-1", again.Message.ClientMessageId);
        Assert.True(otherSender.Created);
        Assert.Equal(2, otherSender.Message.Seq);
        Assert.Equal(2, (await store.GetPageAsync(room, 0, 10, Ct)).TotalCount);
    }

    [Fact]
    public async Task Concurrent_resends_of_one_client_message_id_store_one_message()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => store.AppendAsync(Message(room, 1, "x", "same"), null, Ct), Ct)));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Message.Id).Distinct());
        var page = await store.GetPageAsync(room, 0, 10, Ct);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal(1, page.Messages.Single().Seq);
    }

    [Fact]
    public async Task Get_returns_null_for_unknown_or_malformed_ids()
    {
        var store = await CreateStoreAsync();
        var sent = (await store.AppendAsync(Message(NewRoomId(), 1), null, Ct)).Message;

        Assert.Equal(sent.Id, (await store.GetAsync(sent.Id, Ct))?.Id);
        Assert.Null(await store.GetAsync(MessageIds.NewId(), Ct));
        Assert.Null(await store.GetAsync("not-an-id", Ct));
        Assert.Null(await store.GetAsync("", Ct));
    }

    [Fact]
    public async Task Offset_pages_are_newest_first_and_each_oldest_to_newest()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        await SendAsync(store, room, 1, 5);

        var newest = await store.GetPageAsync(room, 0, 2, Ct);
        var middle = await store.GetPageAsync(room, 2, 2, Ct);
        var oldest = await store.GetPageAsync(room, 4, 2, Ct);
        var beyond = await store.GetPageAsync(room, 10, 2, Ct);

        Assert.Equal([4L, 5L], newest.Messages.Select(m => m.Seq));
        Assert.Equal([2L, 3L], middle.Messages.Select(m => m.Seq));
        Assert.Equal([1L], oldest.Messages.Select(m => m.Seq));
        Assert.Empty(beyond.Messages);
        Assert.All([newest, middle, oldest, beyond], p => Assert.Equal(5, p.TotalCount));
        Assert.True(newest.HasMore);
        Assert.True(middle.HasMore);
        Assert.False(oldest.HasMore);
        Assert.False(beyond.HasMore);
    }

    [Fact]
    public async Task Cursor_pages_walk_backwards_and_forwards_by_seq()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        await SendAsync(store, room, 1, 7);
        await SendAsync(store, NewRoomId(), 1, 3);

        var before = await store.GetBeforeSeqAsync(room, 6, 3, Ct);
        var first = await store.GetBeforeSeqAsync(room, 3, 3, Ct);
        var after = await store.GetAfterSeqAsync(room, 2, 3, Ct);
        var tail = await store.GetAfterSeqAsync(room, 5, 3, Ct);
        var none = await store.GetAfterSeqAsync(room, 7, 3, Ct);

        Assert.Equal([3L, 4L, 5L], before.Messages.Select(m => m.Seq));
        Assert.True(before.HasMore);
        Assert.Equal([1L, 2L], first.Messages.Select(m => m.Seq));
        Assert.False(first.HasMore);
        Assert.Equal([3L, 4L, 5L], after.Messages.Select(m => m.Seq));
        Assert.True(after.HasMore);
        Assert.Equal([6L, 7L], tail.Messages.Select(m => m.Seq));
        Assert.False(tail.HasMore);
        Assert.Empty(none.Messages);
        Assert.All([before, first, after, tail, none], p => Assert.Equal(7, p.TotalCount));
        Assert.All(after.Messages, m => Assert.Equal(room, m.RoomId));
    }

    [Fact]
    public async Task Edit_replaces_content_keeps_seq_and_refuses_deleted_messages()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = (await SendAsync(store, room, 1, 2))[0];
        StoredMessage? announced = null;

        var edited = await store.EditAsync(sent.Id, "changed", T0.AddHours(1), m =>
        {
            announced = m;
            return new MessageUpdated(m.Id, m.RoomId, m.Seq, m.UserId, m.Content, m.EditedAt!.Value);
        }, Ct);
        await store.DeleteAsync(sent.Id, 1, T0.AddHours(2), null, Ct);
        var afterDelete = await store.EditAsync(sent.Id, "again", T0.AddHours(3), null, Ct);
        var unknown = await store.EditAsync(MessageIds.NewId(), "x", T0, null, Ct);

        Assert.Equal(MessageChangeStatus.Changed, edited.Status);
        Assert.Equal("changed", edited.Message!.Content);
        Assert.True(edited.Message.IsEdited);
        Assert.Equal(T0.AddHours(1), edited.Message.EditedAt);
        Assert.Equal(sent.Seq, edited.Message.Seq);
        Assert.Equal("changed", announced?.Content);
        Assert.Equal(MessageChangeStatus.AlreadyDeleted, afterDelete.Status);
        Assert.Equal(MessageChangeStatus.NotFound, unknown.Status);
        Assert.Equal(string.Empty, (await store.GetAsync(sent.Id, Ct))!.Content);
    }

    [Fact]
    public async Task Delete_keeps_the_seq_and_happens_only_once()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = (await SendAsync(store, room, 1, 3))[1];

        var deleted = await store.DeleteAsync(sent.Id, 1, T0.AddHours(1), null, Ct);
        var again = await store.DeleteAsync(sent.Id, 1, T0.AddHours(2), _ => throw new InvalidOperationException("announced a no-op"), Ct);
        var unknown = await store.DeleteAsync("zz", 1, T0, null, Ct);
        var page = await store.GetPageAsync(room, 0, 10, Ct);

        Assert.Equal(MessageChangeStatus.Changed, deleted.Status);
        Assert.True(deleted.Message!.IsDeleted);
        Assert.Equal(T0.AddHours(1), deleted.Message.DeletedAt);
        Assert.Equal(MessageChangeStatus.AlreadyDeleted, again.Status);
        Assert.Equal(MessageChangeStatus.NotFound, unknown.Status);
        Assert.Equal(2, page.TotalCount);
        Assert.Equal([1L, 3L], page.Messages.Select(m => m.Seq));
        Assert.Equal(2, (await store.GetAsync(sent.Id, Ct))!.Seq);
    }

    [Fact]
    public async Task Reactions_are_one_per_user_per_emoji_and_removable()
    {
        var store = await CreateStoreAsync();
        var sent = (await SendAsync(store, NewRoomId(), 1, 1))[0];

        var first = await store.AddReactionAsync(sent.Id, 5, "👍", null, Ct);
        var repeat = await store.AddReactionAsync(sent.Id, 5, "👍", _ => throw new InvalidOperationException("announced a no-op"), Ct);
        await store.AddReactionAsync(sent.Id, 1, "👍", null, Ct);
        var heart = await store.AddReactionAsync(sent.Id, 5, "❤️", null, Ct);
        var removed = await store.RemoveReactionAsync(sent.Id, 5, "👍", null, Ct);
        var removeAgain = await store.RemoveReactionAsync(sent.Id, 5, "👍", null, Ct);
        var unknown = await store.AddReactionAsync(MessageIds.NewId(), 5, "👍", null, Ct);

        Assert.True(first.Changed);
        Assert.False(repeat.Changed);
        Assert.Equal([5L], repeat.Message!.Reactions["👍"]);
        Assert.Equal([5L, 1L], heart.Message!.Reactions["👍"]);
        Assert.Equal([5L], heart.Message.Reactions["❤️"]);
        Assert.True(removed.Changed);
        Assert.Equal([1L], removed.Message!.Reactions["👍"]);
        Assert.False(removeAgain.Changed);
        Assert.Null(unknown.Message);
        Assert.Equal([1L], (await store.GetAsync(sent.Id, Ct))!.Reactions["👍"]);
    }

    [Fact]
    public async Task Emptied_emoji_disappears_from_reactions()
    {
        var store = await CreateStoreAsync();
        var sent = (await SendAsync(store, NewRoomId(), 1, 1))[0];

        await store.AddReactionAsync(sent.Id, 2, "🎉", null, Ct);
        var removed = await store.RemoveReactionAsync(sent.Id, 2, "🎉", null, Ct);

        Assert.Empty(removed.Message!.Reactions);
    }
}
