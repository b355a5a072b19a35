using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.EventBus.InProcess;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>Resuming the per-user stream with its opaque cursor (API.md §5, per-user event stream, Resume; docs/api.md).</summary>
public sealed class EventStreamResumeTests
{
    [Fact]
    public async Task Resume_across_a_restart_replays_every_missed_message_of_every_room_once_over_sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("chat-restart-").FullName;
        // A delta limit of 1 makes the stream write new checkpoints as it goes, so resuming from one is proven too.
        var settings = new Dictionary<string, string?> { ["ChatStreams:CheckpointDeltaLimit"] = "1" };
        await ResumeAcrossRestartAsync(
            () => new ChatServiceFactory(dataDirectory: directory, settings: settings),
            () => new ChatServiceFactory(dataDirectory: directory, settings: settings));
    }

    [Fact]
    public async Task Resume_across_a_restart_replays_every_missed_message_of_every_room_once_over_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var database = await server.CreateDatabaseAsync("chatresume");
        await ResumeAcrossRestartAsync(() => new ChatServiceFactory(mysqlConnection: database), () => new ChatServiceFactory(mysqlConnection: database));
    }

    [Fact]
    public async Task Resume_after_leaving_a_room_replays_up_to_the_leave_then_room_left_and_nothing_after()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var (a, b) = (chat.ClientFor(alice), chat.ClientFor(bob));
        var direct = await a.DirectRoomIdAsync(bob);
        var group = await a.CreateGroupAsync(bob, carol);
        string cursor;
        await using (var first = await EventStream.OpenAsync(b))
        {
            await a.SendAsync(group, "seen");
            await first.WaitForMessageAsync("seen");
            cursor = first.LastId!;
        }

        await a.SendAsync(group, "missed before leaving");
        await b.RemoveMemberAsync(group, bob);
        await a.SendAsync(group, "after leaving");
        await using var resumed = await EventStream.OpenAsync(b, cursor);
        var left = await resumed.WaitForAsync(f => f.Event == "room_left", "room_left");
        await a.SendAsync(direct, "marker");
        await resumed.WaitForMessageAsync("marker");

        Assert.Equal(["missed before leaving"], resumed.Contents(group));
        Assert.Equal(group, left.Json.GetProperty("room_id").GetInt64());
        var order = resumed.Frames.Select(f => f.Event == "new_message" ? f.Json.GetProperty("content").GetString() : f.Event).ToList();
        Assert.True(order.IndexOf("missed before leaving") < order.IndexOf("room_left"), string.Join(", ", order));
        Assert.DoesNotContain(resumed.Reader.RawLines, l => l.Contains("after leaving", StringComparison.Ordinal));
        Assert.DoesNotContain(resumed.Frames, f => f.Event == "resync");

        // The cursor after room_left knows the room is gone: resuming from it replays nothing of it.
        await using var again = await EventStream.OpenAsync(b, resumed.LastId);
        await a.SendAsync(direct, "second marker");
        await again.WaitForMessageAsync("second marker");
        Assert.DoesNotContain(again.Frames, f => f.Event == "room_left");
        Assert.Empty(again.Contents(group));
    }

    [Fact]
    public async Task Resume_into_a_room_joined_meanwhile_sends_room_joined_then_only_its_messages_after_the_join()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var (a, b) = (chat.ClientFor(alice), chat.ClientFor(bob));
        var direct = await a.DirectRoomIdAsync(bob);
        string cursor;
        await using (var first = await EventStream.OpenAsync(b))
        {
            await a.SendAsync(direct, "seen");
            await first.WaitForMessageAsync("seen");
            cursor = first.LastId!;
        }

        var group = await a.CreateGroupAsync(carol);
        await a.SendAsync(group, "before bob joined");
        await a.AddMembersAsync(group, bob);
        await a.SendAsync(group, "after bob joined");
        await using var resumed = await EventStream.OpenAsync(b, cursor);
        await resumed.WaitForMessageAsync("after bob joined");

        var joined = Assert.Single(resumed.Frames, f => f.Event == "room_joined");
        Assert.Equal(group, joined.Json.GetProperty("id").GetInt64());
        Assert.Equal(["after bob joined"], resumed.Contents(group));
        Assert.Empty(resumed.Contents(direct));
        Assert.DoesNotContain(resumed.Reader.RawLines, l => l.Contains("before bob joined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_at_a_message_deleted_since_resumes_without_resync()
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var (a, b) = (chat.ClientFor(alice), chat.ClientFor(bob));
        var room = await a.DirectRoomIdAsync(bob);
        string cursor;
        await using (var first = await EventStream.OpenAsync(b))
        {
            var sent = await a.SendAsync(room, "soon deleted");
            cursor = (await first.WaitForMessageAsync("soon deleted")).Id!;
            (await a.DeleteAsync($"/api/messages/{sent.GetProperty("id").GetString()}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await using var resumed = await EventStream.OpenAsync(b, cursor);
        await a.SendAsync(room, "after");
        await resumed.WaitForMessageAsync("after");

        Assert.DoesNotContain(resumed.Frames, f => f.Event == "resync");
        Assert.Equal(["after"], resumed.Contents(room));
    }

    [Theory]
    [InlineData("garbage", "malformed_cursor")]
    [InlineData("0123456789abcdef0123456789abcdef.zz", "malformed_cursor")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF.", "malformed_cursor")]
    [InlineData("0123456789abcdef0123456789abcdef.1:-5", "malformed_cursor")]
    [InlineData("0123456789abcdef0123456789abcdef.", "unknown_cursor")]
    [InlineData("other user", "unknown_cursor")]
    [InlineData("ahead", "cursor_ahead")]
    public async Task A_cursor_that_cannot_be_served_gets_resync_then_the_live_stream(string cursor, string reason)
    {
        await using var chat = new ChatServiceFactory();
        var (alice, bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var (a, b) = (chat.ClientFor(alice), chat.ClientFor(bob));
        var room = await a.DirectRoomIdAsync(bob);
        await a.SendAsync(room, "old");
        if (cursor is "other user" or "ahead")
        {
            await using var own = await EventStream.OpenAsync(cursor == "ahead" ? b : a);
            var id = (await own.WaitForAsync(f => f.Event == "connected", "connected")).Id!;
            cursor = cursor == "ahead" ? $"{id[..33]}{Base36(room)}:zz" : id;
        }

        await using var stream = await EventStream.OpenAsync(b, cursor);
        var resync = await stream.WaitForAsync(f => f.Event == "resync", "resync");
        await a.SendAsync(room, "live");
        await stream.WaitForMessageAsync("live");

        Assert.Equal("connected", stream.Frames[0].Event);
        Assert.Equal(reason, resync.Json.GetProperty("reason").GetString());
        Assert.NotNull(resync.Id);
        Assert.Equal(["live"], stream.Contents(room));
    }

    [Fact]
    public async Task Message_sent_on_one_instance_reaches_a_per_user_stream_on_the_other_over_sqlite()
    {
        var broker = new InProcessBroker();
        var directory = Directory.CreateTempSubdirectory("chat-shared-").FullName;
        await using var one = new ChatServiceFactory(broker, dataDirectory: directory);
        await using var two = new ChatServiceFactory(broker, dataDirectory: directory);
        await CrossInstanceAsync(one, two);
    }

    [Fact]
    public async Task Message_sent_on_one_instance_reaches_a_per_user_stream_on_the_other_over_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var database = await server.CreateDatabaseAsync("chatusers2");
        var broker = new InProcessBroker();
        await using var one = new ChatServiceFactory(broker, mysqlConnection: database);
        _ = one.Services;
        await using var two = new ChatServiceFactory(broker, mysqlConnection: database);
        await CrossInstanceAsync(one, two);
    }

    private static async Task CrossInstanceAsync(ChatServiceFactory one, ChatServiceFactory two)
    {
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        var direct = await one.ClientFor(alice).DirectRoomIdAsync(bob);
        await using var onTwo = await EventStream.OpenAsync(two.ClientFor(bob));
        await onTwo.WaitForAsync(f => f.Event == "connected", "connected");

        await one.ClientFor(alice).SendAsync(direct, "from instance one");
        var group = await one.ClientFor(carol).CreateGroupAsync(bob);
        await one.ClientFor(carol).SendAsync(group, "group on one");
        await onTwo.WaitForMessageAsync("group on one");
        await onTwo.WaitForMessageAsync("from instance one");

        Assert.Single(onTwo.Frames, f => f.Event == "room_joined" && f.Json.GetProperty("id").GetInt64() == group);

        // A client moving to the other instance resumes there from storage.
        var cursor = onTwo.LastId;
        await two.ClientFor(alice).SendAsync(direct, "while moving");
        await using var moved = await EventStream.OpenAsync(one.ClientFor(bob), cursor);
        await moved.WaitForMessageAsync("while moving");
        Assert.Equal(["while moving"], moved.Contents(direct));
    }

    private static async Task ResumeAcrossRestartAsync(Func<ChatServiceFactory> first, Func<ChatServiceFactory> second)
    {
        var (alice, bob, carol) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        long[] rooms;
        string cursor;
        List<string?> seenBeforeCursor;
        await using (var before = first())
        {
            var (a, c) = (before.ClientFor(alice), before.ClientFor(carol));
            rooms = [await a.DirectRoomIdAsync(bob), await a.CreateGroupAsync(bob, carol), await c.DirectRoomIdAsync(bob)];
            await using var stream = await EventStream.OpenAsync(before.ClientFor(bob));
            await stream.WaitForAsync(f => f.Event == "connected", "connected");
            foreach (var room in rooms)
            {
                await (room == rooms[2] ? c : a).SendAsync(room, $"first {room}");
            }

            await stream.WaitForMessageAsync($"first {rooms[2]}");

            // Resume from the middle: the frame of the second room's first message.
            var middle = stream.Frames.ToList().FindIndex(f => f.Event == "new_message" && f.Json.GetProperty("content").GetString() == $"first {rooms[1]}");
            cursor = stream.Frames[middle].Id!;
            seenBeforeCursor = stream.Frames.Take(middle + 1).Where(f => f.Event == "new_message").Select(f => f.Json.GetProperty("content").GetString()).ToList();
        }

        await using var after = second();
        var (a2, c2) = (after.ClientFor(alice), after.ClientFor(carol));
        foreach (var room in rooms)
        {
            await (room == rooms[2] ? c2 : a2).SendAsync(room, $"second {room}");
            await (room == rooms[2] ? c2 : a2).SendAsync(room, $"third {room}");
        }

        await using var resumed = await EventStream.OpenAsync(after.ClientFor(bob), cursor);
        foreach (var room in rooms)
        {
            await resumed.WaitForMessageAsync($"third {room}");
        }

        await a2.SendAsync(rooms[0], "live");
        await resumed.WaitForMessageAsync("live");

        Assert.DoesNotContain(resumed.Frames, f => f.Event == "resync");
        Assert.Equal([$"second {rooms[0]}", $"third {rooms[0]}", "live"], resumed.Contents(rooms[0]));
        Assert.Equal([$"second {rooms[1]}", $"third {rooms[1]}"], resumed.Contents(rooms[1]));
        Assert.Equal([$"first {rooms[2]}", $"second {rooms[2]}", $"third {rooms[2]}"], resumed.Contents(rooms[2]));
        Assert.DoesNotContain(resumed.Messages, f => seenBeforeCursor.Contains(f.Json.GetProperty("content").GetString()));
        var seqs = resumed.Messages.GroupBy(f => f.Json.GetProperty("room_id").GetInt64())
            .Select(g => g.Select(f => f.Json.GetProperty("seq").GetInt64()).ToList());
        Assert.All(seqs, s => Assert.Equal(s.Order(), s));
    }

    private static string Base36(long value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = string.Empty;
        for (; value > 0; value /= 36)
        {
            text = Digits[(int)(value % 36)] + text;
        }

        return text.Length == 0 ? "0" : text;
    }
}
