using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

public sealed class MessageStreamTests() : DirectRoomTests(new Dictionary<string, string?> { ["ChatStreams:PingInterval"] = "00:00:00.300" })
{
    [Fact]
    public async Task Stream_writes_id_event_and_data_lines_on_the_wire()
    {
        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var connected = await stream.NextAsync();
        var sent = await A.SendAsync(Room, "over the wire");
        var frame = await stream.NextOfTypeAsync("new_message");

        Assert.Equal("connected", connected.Event);
        Assert.Equal(Room, connected.Json.GetProperty("room_id").GetInt64());
        Assert.Equal(Bob, connected.Json.GetProperty("user_id").GetInt64());
        Assert.Equal("1", frame.Id);
        Assert.Equal(sent.GetProperty("id").GetString(), frame.Json.GetProperty("id").GetString());
        Assert.Equal(1, frame.Json.GetProperty("seq").GetInt64());
        Assert.Equal("direct", frame.Json.GetProperty("room_type").GetString());
        Assert.Contains("id: 1", stream.RawLines);
        Assert.Contains("event: new_message", stream.RawLines);
        Assert.Contains(stream.RawLines, l => l.StartsWith("data: {\"id\":\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Idle_stream_gets_ping_comments()
    {
        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}");
        await stream.NextAsync();

        await EventuallyAsync(async () =>
        {
            await stream.EndsWithinAsync(TimeSpan.FromMilliseconds(400));
            return stream.RawLines.Contains(": ping");
        }, "a ping comment");
    }

    [Fact]
    public async Task Access_token_in_the_query_opens_the_stream()
    {
        var anonymous = Chat.CreateClient();
        await using var stream = await SseReader.OpenAsync(anonymous, $"/api/messages/stream/{Room}?access_token={Chat.TokenFor(Bob)}");

        Assert.Equal("connected", (await stream.NextAsync()).Event);
    }

    [Fact]
    public async Task Reconnect_with_last_event_id_replays_missed_messages_in_order_then_goes_live()
    {
        var seen = new List<long>();
        await using (var first = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}"))
        {
            await first.NextAsync();
            await A.SendAsync(Room, "1");
            await A.SendAsync(Room, "2");
            seen.Add(long.Parse((await first.NextOfTypeAsync("new_message")).Id!));
            seen.Add(long.Parse((await first.NextOfTypeAsync("new_message")).Id!));
        }

        for (var i = 3; i <= 6; i++)
        {
            await A.SendAsync(Room, $"{i}");
        }

        await using var resumed = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}", lastEventId: seen[^1].ToString());
        await resumed.NextAsync();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(long.Parse((await resumed.NextOfTypeAsync("new_message")).Id!));
        }

        await A.SendAsync(Room, "7");
        seen.Add(long.Parse((await resumed.NextOfTypeAsync("new_message")).Id!));

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], seen);
        Assert.False(await NextMessageWithinAsync(resumed, TimeSpan.FromMilliseconds(500)), "a message came twice");
    }

    [Fact]
    public async Task Resume_during_live_sends_has_no_gap_and_no_duplicate()
    {
        await A.SendAsync(Room, "before");
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sentCount = 0;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await A.SendAsync(Room, $"live {i}");
                Interlocked.Increment(ref sentCount);
            }
        }, Ct);

        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}?last_event_id=0");
        var seqs = new List<long>();
        while (seqs.Count < 41)
        {
            seqs.Add(long.Parse((await stream.NextOfTypeAsync("new_message")).Id!));
        }

        await sender;
        Assert.Equal(Enumerable.Range(1, 41).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Changes_reach_the_stream_as_their_own_events()
    {
        await using var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}");
        await stream.NextAsync();
        var id = (await A.SendAsync(Room, "change me")).GetProperty("id").GetString();
        await stream.NextOfTypeAsync("new_message");

        await (await A.PutAsJsonAsync($"/api/messages/{id}", new { content = "changed" }, Ct)).JsonAsync();
        var updated = await stream.NextOfTypeAsync("message_updated");
        await (await B.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "🎉" }, Ct)).JsonAsync();
        var reacted = await stream.NextOfTypeAsync("reaction_added");
        await (await B.DeleteAsync($"/api/messages/{id}/reactions/{Uri.EscapeDataString("🎉")}", Ct)).JsonAsync();
        var unreacted = await stream.NextOfTypeAsync("reaction_removed");
        await (await B.PostAsJsonAsync("/api/messages/read", new { room_id = Room, message_ids = new[] { id } }, Ct)).JsonAsync();
        var read = await stream.NextOfTypeAsync("messages_read");
        await (await A.DeleteAsync($"/api/messages/{id}", Ct)).JsonAsync();
        var deleted = await stream.NextOfTypeAsync("message_deleted");

        Assert.Equal("changed", updated.Json.GetProperty("content").GetString());
        Assert.True(updated.Json.GetProperty("is_edited").GetBoolean());
        Assert.Equal("🎉", reacted.Json.GetProperty("emoji").GetString());
        Assert.Equal(Bob, reacted.Json.GetProperty("user_id").GetInt64());
        Assert.Equal(id, unreacted.Json.GetProperty("message_id").GetString());
        Assert.Equal([id], read.Json.GetProperty("message_ids").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(Bob, read.Json.GetProperty("user_id").GetInt64());
        Assert.Equal(Alice, deleted.Json.GetProperty("deleted_by").GetInt64());
        Assert.Equal(Room, deleted.Json.GetProperty("room_id").GetInt64());
        Assert.Null(deleted.Id);
    }

    [Fact]
    public async Task Removed_member_stream_is_closed()
    {
        var carol = ChatServiceFactory.NewUser();
        var group = await (await A.PostAsJsonAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { Bob, carol } }, Ct)).JsonAsync(HttpStatusCode.Created);
        var groupId = group.GetProperty("id").GetInt64();
        await using var stream = await SseReader.OpenAsync(Chat.ClientFor(carol), $"/api/messages/stream/{groupId}");
        await stream.NextAsync();

        await (await A.DeleteAsync($"/api/chat-rooms/{groupId}/members/{carol}", Ct)).JsonAsync();

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<bool> NextMessageWithinAsync(SseReader stream, TimeSpan timeout)
    {
        try
        {
            while (true)
            {
                if ((await stream.NextAsync(timeout)).Event == "new_message")
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
