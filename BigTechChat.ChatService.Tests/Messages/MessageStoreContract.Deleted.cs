using BigTechChat.ChatService.Messages;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>A deleted message keeps only its place (id, seq, sender, times): no text, reactions or edit marks, in no read.</summary>
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task Delete_clears_the_text_reactions_and_edit_marks_in_storage()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = (await store.AppendAsync(Message(room, 1, "secret text", "cm-secret"), null, Ct)).Message;
        await store.EditAsync(sent.Id, "edited secret", T0.AddMinutes(1), null, Ct);
        await store.AddReactionAsync(sent.Id, 2, "👍", null, Ct);

        var deleted = await store.DeleteAsync(sent.Id, 1, T0.AddMinutes(2), null, Ct);
        var stored = await store.GetAsync(sent.Id, Ct);
        var resend = await store.AppendAsync(Message(room, 1, "secret text", "cm-secret"), _ => throw new InvalidOperationException("announced a resend"), Ct);

        foreach (var message in new[] { deleted.Message!, stored!, resend.Message })
        {
            Assert.True(message.IsDeleted);
            Assert.Equal(string.Empty, message.Content);
            Assert.Empty(message.Reactions);
            Assert.False(message.IsEdited);
            Assert.Null(message.EditedAt);
            Assert.Equal(1, message.Seq);
        }

        Assert.False(resend.Created);
    }

    [Fact]
    public async Task A_message_is_live_until_deleted_and_unknown_or_malformed_ids_are_not()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var kept = (await store.AppendAsync(Message(room, 1, "kept"), null, Ct)).Message;
        var removed = (await store.AppendAsync(Message(room, 1, "removed"), null, Ct)).Message;
        await store.AddReactionAsync(kept.Id, 2, "👍", null, Ct);
        await store.EditAsync(kept.Id, "kept, edited", T0.AddMinutes(1), null, Ct);

        await store.DeleteAsync(removed.Id, 1, T0.AddMinutes(2), null, Ct);

        Assert.True(await store.IsLiveAsync(kept.Id, Ct));
        Assert.False(await store.IsLiveAsync(removed.Id, Ct));
        Assert.False(await store.IsLiveAsync(MessageIds.NewId(), Ct));
        Assert.False(await store.IsLiveAsync("not-an-id", Ct));
        Assert.False(await store.IsLiveAsync("", Ct));
    }

    [Fact]
    public async Task Pages_cursors_counts_and_last_message_skip_deleted_messages()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        var sent = await SendAsync(store, room, 1, 6);
        foreach (var seq in new[] { 2, 4, 6 })
        {
            await store.DeleteAsync(sent[seq - 1].Id, 1, T0, null, Ct);
        }

        var newest = await store.GetPageAsync(room, 0, 2, Ct);
        var oldest = await store.GetPageAsync(room, 2, 2, Ct);
        var before = await store.GetBeforeSeqAsync(room, 7, 2, Ct);
        var beforeTail = await store.GetBeforeSeqAsync(room, 3, 2, Ct);
        var after = await store.GetAfterSeqAsync(room, 0, 2, Ct);
        var afterTail = await store.GetAfterSeqAsync(room, 3, 2, Ct);
        var last = await store.GetLastMessagesAsync([room], Ct);

        Assert.Equal([3L, 5L], newest.Messages.Select(m => m.Seq));
        Assert.True(newest.HasMore);
        Assert.Equal([1L], oldest.Messages.Select(m => m.Seq));
        Assert.False(oldest.HasMore);
        Assert.Equal([3L, 5L], before.Messages.Select(m => m.Seq));
        Assert.True(before.HasMore);
        Assert.Equal([1L], beforeTail.Messages.Select(m => m.Seq));
        Assert.False(beforeTail.HasMore);
        Assert.Equal([1L, 3L], after.Messages.Select(m => m.Seq));
        Assert.True(after.HasMore);
        Assert.Equal([5L], afterTail.Messages.Select(m => m.Seq));
        Assert.False(afterTail.HasMore);
        Assert.All([newest, oldest, before, beforeTail, after, afterTail], p => Assert.Equal(3, p.TotalCount));
        Assert.Equal(5, last[room].Seq);
        Assert.Equal("m5", last[room].Content);
    }

    [Fact]
    public async Task A_room_whose_messages_are_all_deleted_has_no_last_message_and_nothing_to_list()
    {
        var store = await CreateStoreAsync();
        var room = NewRoomId();
        foreach (var message in await SendAsync(store, room, 1, 2))
        {
            await store.DeleteAsync(message.Id, 1, T0, null, Ct);
        }

        var page = await store.GetPageAsync(room, 0, 10, Ct);

        Assert.Empty(page.Messages);
        Assert.Equal(0, page.TotalCount);
        Assert.False(page.HasMore);
        Assert.Empty(await store.GetLastMessagesAsync([room], Ct));
        Assert.Empty((await store.GetAfterSeqAsync(room, 0, 10, Ct)).Messages);
    }

    [Fact]
    public async Task A_deleted_message_takes_no_reaction_and_announces_none()
    {
        var store = await CreateStoreAsync();
        var sent = (await SendAsync(store, NewRoomId(), 1, 1))[0];
        await store.DeleteAsync(sent.Id, 1, T0, null, Ct);

        var added = await store.AddReactionAsync(sent.Id, 2, "👍", _ => throw new InvalidOperationException("announced a reaction on a deleted message"), Ct);

        Assert.False(added.Changed);
        Assert.True(added.Message!.IsDeleted);
        Assert.Empty(added.Message.Reactions);
        Assert.Empty((await store.GetAsync(sent.Id, Ct))!.Reactions);
    }
}
