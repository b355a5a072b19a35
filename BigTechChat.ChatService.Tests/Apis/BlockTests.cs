using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>While X blocks Y, nothing Y does reaches X's screen and the other way round (docs/chat-service.md, Blocks).</summary>
public sealed class BlockTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new();
    private long _x, _y, _z;
    private HttpClient _cx = null!, _cy = null!, _cz = null!;

    public ValueTask InitializeAsync()
    {
        (_x, _y, _z) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        (_cx, _cy, _cz) = (_chat.ClientFor(_x), _chat.ClientFor(_y), _chat.ClientFor(_z));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task In_a_direct_room_a_block_either_way_stops_reactions_and_edits()
    {
        var room = await _cx.DirectRoomIdAsync(_y);
        var fromX = (await _cx.SendAsync(room, "from x")).GetProperty("id").GetString();
        var fromY = (await _cy.SendAsync(room, "from y")).GetProperty("id").GetString();
        await BlockAsync(_x, _y);

        await (await _cy.PostAsJsonAsync($"/api/messages/{fromX}/reactions", new { emoji = "😡" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cy.PostAsJsonAsync($"/api/messages/{fromY}/reactions", new { emoji = "😡" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cx.PostAsJsonAsync($"/api/messages/{fromY}/reactions", new { emoji = "👍" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cy.PutAsJsonAsync($"/api/messages/{fromY}", new { content = "see me" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cx.PutAsJsonAsync($"/api/messages/{fromX}", new { content = "see me" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var history = await (await _cx.GetAsync($"/api/messages/{room}", Ct)).JsonAsync();
        Assert.All(history.GetProperty("messages").EnumerateArray(), m => Assert.Empty(m.GetProperty("reactions").EnumerateObject()));
        Assert.Equal(["from x", "from y"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        await (await _cy.DeleteAsync($"/api/messages/{fromY}", Ct)).JsonAsync();
    }

    [Fact]
    public async Task In_a_group_nothing_the_blocked_user_does_reaches_the_blockers_stream_and_the_reverse()
    {
        var group = await CreateGroupAsync(_cz, _x, _y);
        await using var xStream = await OpenStreamAsync(_cx, group);
        await using var zStream = await OpenStreamAsync(_cz, group);
        var fromZ = (await _cz.SendAsync(group, "from z")).GetProperty("id").GetString();
        var fromX = (await _cx.SendAsync(group, "from x")).GetProperty("id").GetString();

        // Both frames from before the block are consumed, so a late one cannot pass for what follows it.
        foreach (var stream in new[] { xStream, zStream })
        {
            Assert.Equal("from z", (await stream.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
            Assert.Equal("from x", (await stream.NextOfTypeAsync("new_message")).Json.GetProperty("content").GetString());
        }

        await BlockAsync(_x, _y);

        var fromY = (await _cy.SendAsync(group, "from y")).GetProperty("id").GetString();
        await (await _cy.PostAsJsonAsync($"/api/messages/{fromZ}/reactions", new { emoji = "😡" }, Ct)).JsonAsync();
        await (await _cy.PostAsJsonAsync("/api/messages/read", new { room_id = group, message_ids = new[] { fromZ, fromX } }, Ct)).JsonAsync();
        await (await _cy.PutAsJsonAsync($"/api/messages/{fromY}", new { content = "from y, edited" }, Ct)).JsonAsync();
        await (await _cy.PostAsJsonAsync($"/api/messages/{fromX}/reactions", new { emoji = "😡" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await _cz.SendAsync(group, "sentinel");

        var toZ = await zStream.NextOfTypeAsync("new_message");
        Assert.Equal("from y", toZ.Json.GetProperty("content").GetString());
        Assert.Equal("reaction_added", (await zStream.NextAsync()).Event);
        var toX = await xStream.NextAsync();
        Assert.Equal("new_message", toX.Event);
        Assert.Equal("sentinel", toX.Json.GetProperty("content").GetString());
        Assert.Equal(4, (await (await _cx.GetAsync($"/api/messages/{group}", Ct)).JsonAsync()).GetProperty("total_count").GetInt64());

        await using var yStream = await OpenStreamAsync(_cy, group);
        await _cx.SendAsync(group, "x after the block");
        await (await _cx.PostAsJsonAsync($"/api/messages/{fromZ}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        await _cz.SendAsync(group, "second sentinel");
        var toY = await yStream.NextAsync();
        Assert.Equal("second sentinel", toY.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Rooms_between_the_two_cannot_be_opened_created_or_joined_either_way()
    {
        await BlockAsync(_x, _y);

        await (await _cx.GetAsync($"/api/chat-rooms/check/{_y}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cx.PostAsJsonAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { _y, _z } }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _cy.PostAsJsonAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { _x } }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var group = await CreateGroupAsync(_cz, _x);
        await (await _cx.PostAsJsonAsync($"/api/chat-rooms/{group}/members", new { user_ids = new[] { _y } }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var joined = await (await _cz.PostAsJsonAsync($"/api/chat-rooms/{group}/members", new { user_ids = new[] { _y } }, Ct)).JsonAsync();
        Assert.Equal(3, joined.GetProperty("participants").GetArrayLength());

        await Events.PublishUntilAsync(_chat, new UserUnblocked(_x, _y),
            async () => (await _cy.GetAsync($"/api/chat-rooms/check/{_x}", Ct)).StatusCode == HttpStatusCode.OK, "the unblock to reopen the direct room");
    }

    private Task BlockAsync(long blocker, long blocked) =>
        Events.PublishUntilAsync(_chat, new UserBlocked(blocker, blocked),
            async () => (await _chat.ClientFor(blocked).PostAsJsonAsync("/api/chat-rooms/group", new { name = "probe", member_ids = new[] { blocker } }, Ct)).StatusCode == HttpStatusCode.Forbidden,
            "the block to reach the chat service");

    private static async Task<long> CreateGroupAsync(HttpClient owner, params long[] members) =>
        (await (await owner.PostAsJsonAsync("/api/chat-rooms/group", new { name = "group", member_ids = members }, Ct)).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

    private static async Task<SseReader> OpenStreamAsync(HttpClient client, long room)
    {
        var stream = await SseReader.OpenAsync(client, $"/api/messages/stream/{room}");
        Assert.Equal("connected", (await stream.NextAsync()).Event);
        return stream;
    }
}
