using BigTechChat.ChatService.Messages;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.Tests.Messages;

public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task Unread_count_is_exact_through_send_read_and_delete()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var fromOther = await SendAsync(store, room, 2, 4);
        await SendAsync(store, room, 1, 2);

        Assert.Equal(4, await store.CountUnreadAsync(room, 1, Ct));
        Assert.Equal(2, await store.CountUnreadAsync(room, 2, Ct));

        Assert.Equal(2, await store.MarkReadAsync(room, 1, [fromOther[0].Id, fromOther[2].Id], null, Ct));
        Assert.Equal(2, await store.CountUnreadAsync(room, 1, Ct));

        await store.DeleteAsync(fromOther[1].Id, 2, T0, null, Ct);
        Assert.Equal(1, await store.CountUnreadAsync(room, 1, Ct));

        await store.AppendAsync(Message(room, 2, "late"), null, Ct);
        Assert.Equal(2, await store.CountUnreadAsync(room, 1, Ct));
    }

    [Fact]
    public async Task Marking_read_is_idempotent_and_announces_only_changes()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = await SendAsync(store, room, 2, 2);
        var announced = new List<int>();

        var first = await store.MarkReadAsync(room, 1, [sent[0].Id, sent[0].Id], n =>
        {
            announced.Add(n);
            return new MessagesRead(room, 1, [sent[0].Id], null);
        }, Ct);
        var again = await store.MarkReadAsync(room, 1, [sent[0].Id], _ => throw new InvalidOperationException("announced a no-op"), Ct);

        Assert.Equal(1, first);
        Assert.Equal(0, again);
        Assert.Equal([1], announced);
        Assert.Equal(1, await store.CountUnreadAsync(room, 1, Ct));
    }

    [Fact]
    public async Task Concurrent_reads_of_the_same_messages_count_each_once()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var ids = (await SendAsync(store, room, 2, 4)).Select(m => m.Id).ToArray();

        var counts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => i % 2 == 0
            ? store.MarkReadAsync(room, 1, ids, null, Ct)
            : store.MarkReadUpToAsync(room, 1, 4, null, Ct), Ct)));

        Assert.Equal(4, counts.Sum());
        Assert.Equal(0, await store.CountUnreadAsync(room, 1, Ct));
    }

    [Fact]
    public async Task Reading_ids_from_another_room_fails_and_stores_nothing()
    {
        var store = await CreateStoreAsync();
        long room = NewRoomId(), other = NewRoomId();
        var mine = await SendAsync(store, room, 2, 1);
        var foreign = await SendAsync(store, other, 2, 1);

        await Assert.ThrowsAsync<MessagesNotInRoomException>(() =>
            store.MarkReadAsync(room, 1, [mine[0].Id, foreign[0].Id], null, Ct));
        await Assert.ThrowsAsync<MessagesNotInRoomException>(() =>
            store.MarkReadAsync(room, 1, [MessageIds.NewId()], null, Ct));
        await Assert.ThrowsAsync<MessagesNotInRoomException>(() =>
            store.MarkReadAsync(room, 1, ["bogus"], null, Ct));

        Assert.Equal(1, await store.CountUnreadAsync(room, 1, Ct));
    }

    [Fact]
    public async Task Read_up_to_seq_marks_everything_before_it_read()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = await SendAsync(store, room, 2, 5);
        await store.MarkReadAsync(room, 1, [sent[1].Id], null, Ct);

        var read = await store.MarkReadUpToAsync(room, 1, 3, null, Ct);
        var again = await store.MarkReadUpToAsync(room, 1, 2, _ => throw new InvalidOperationException("announced a no-op"), Ct);

        Assert.Equal(2, read);
        Assert.Equal(0, again);
        Assert.Equal(2, await store.CountUnreadAsync(room, 1, Ct));
        Assert.Equal(5, await store.MarkReadUpToAsync(room, 3, 100, null, Ct));
        Assert.Equal(0, await store.CountUnreadAsync(room, 3, Ct));
        await store.AppendAsync(Message(room, 2), null, Ct);
        Assert.Equal(1, await store.CountUnreadAsync(room, 3, Ct));
    }

    [Fact]
    public async Task Unread_counts_for_many_rooms_answer_every_room()
    {
        var store = await CreateStoreAsync();
        long a = NewRoomId(), b = NewRoomId(), empty = NewRoomId();
        await SendAsync(store, a, 2, 3);
        await SendAsync(store, b, 2, 1);
        await SendAsync(store, b, 1, 1);
        await store.MarkReadUpToAsync(a, 1, 1, null, Ct);

        var counts = await store.CountUnreadAsync([a, b, empty], 1, Ct);

        Assert.Equal(2, counts[a]);
        Assert.Equal(1, counts[b]);
        Assert.Equal(0, counts[empty]);
    }

    [Fact]
    public async Task Last_message_per_room_is_the_highest_seq()
    {
        var store = await CreateStoreAsync();
        long a = NewRoomId(), b = NewRoomId(), empty = NewRoomId();
        await SendAsync(store, a, 1, 3);
        var lastB = (await SendAsync(store, b, 2, 2))[1];

        var last = await store.GetLastMessagesAsync([a, b, empty], Ct);

        Assert.Equal(3, last[a].Seq);
        Assert.Equal(lastB.Id, last[b].Id);
        Assert.False(last.ContainsKey(empty));
    }

    [Fact]
    public async Task Last_seq_per_room_counts_deleted_messages_and_leaves_out_rooms_without_any()
    {
        var store = await CreateStoreAsync();
        long a = NewRoomId(), b = NewRoomId(), empty = NewRoomId();
        await SendAsync(store, a, 1, 3);
        var sentB = await SendAsync(store, b, 2, 2);
        await store.DeleteAsync(sentB[1].Id, 2, T0, null, Ct);

        var last = await store.GetLastSeqsAsync([a, b, empty], Ct);

        Assert.Equal(new Dictionary<long, long> { [a] = 3, [b] = 2 }, last);
    }

    [Fact]
    public async Task Announce_receives_the_stored_message()
    {
        var store = await CreateStoreAsync();
        StoredMessage? announced = null;

        var result = await store.AppendAsync(Message(NewRoomId(), 1, clientMessageId: "c"), m =>
        {
            announced = m;
            return new MessageSent(m.Id, m.RoomId, m.Seq, m.UserId, m.Username, m.Content, m.MessageType, m.CreatedAt);
        }, Ct);

        Assert.Equal(result.Message.Id, announced?.Id);
        Assert.Equal(1, announced?.Seq);
    }
}
