using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.IntegrationEvents;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

public sealed class ChatRoomsApiTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Direct_room_has_the_contract_shape_with_real_usernames()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();

        var room = await _chat.ClientFor(alice).DirectRoomAsync(bob);

        Assert.Equal(
            ["created_at", "id", "last_message", "name", "participants", "room_type", "unread_count", "updated_at", "user_1_id", "user_2_id"],
            room.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("direct", room.GetProperty("room_type").GetString());
        Assert.Equal(JsonValueKind.Null, room.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, room.GetProperty("last_message").ValueKind);
        Assert.Equal(0, room.GetProperty("unread_count").GetInt64());
        Assert.Equal([alice, bob], new[] { room.GetProperty("user_1_id").GetInt64(), room.GetProperty("user_2_id").GetInt64() }.Order());
        var participants = room.GetProperty("participants").EnumerateArray().ToList();
        Assert.Equal([$"user_{alice}", $"user_{bob}"], participants.Select(p => p.GetProperty("username").GetString()).Order());
        Assert.All(participants, p => Assert.Equal(["display_name", "id", "username"], p.EnumerateObject().Select(x => x.Name).Order()));
        Assert.EndsWith("Z", room.GetProperty("created_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_or_create_returns_the_same_room_from_either_side()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();

        var first = await _chat.ClientFor(alice).DirectRoomIdAsync(bob);
        var second = await _chat.ClientFor(bob).DirectRoomIdAsync(alice);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Concurrent_get_or_create_of_one_pair_yields_one_room()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var clients = new[] { _chat.ClientFor(alice), _chat.ClientFor(bob) };

        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % 2].DirectRoomIdAsync(i % 2 == 0 ? bob : alice)));

        Assert.Single(ids.Distinct());
        var rooms = await (await clients[0].GetAsync("/api/chat-rooms?limit=100", Ct)).JsonAsync();
        Assert.Equal(1, rooms.GetArrayLength());
    }

    [Fact]
    public async Task Chatting_with_oneself_is_refused_with_cannot_chat_self()
    {
        var alice = ChatServiceFactory.NewUser();

        var response = await _chat.ClientFor(alice).GetAsync($"/api/chat-rooms/check/{alice}", Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_chat_self");
    }

    [Theory]
    [InlineData("987654321")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Unknown_participant_is_404(string participant)
    {
        var response = await _chat.ClientFor(ChatServiceFactory.NewUser()).GetAsync($"/api/chat-rooms/check/{participant}", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "resource_not_found");
    }

    [Fact]
    public async Task Blocked_users_cannot_open_a_direct_room_either_way()
    {
        long alice = ChatServiceFactory.NewUser(), mallory = ChatServiceFactory.NewUser();
        await Events.PublishUntilAsync(_chat, new UserBlocked(alice, mallory),
            async () => (await _chat.ClientFor(mallory).GetAsync($"/api/chat-rooms/check/{alice}", Ct)).StatusCode == HttpStatusCode.Forbidden,
            "the block to arrive");
        await (await _chat.ClientFor(alice).GetAsync($"/api/chat-rooms/check/{mallory}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);

        await Events.PublishUntilAsync(_chat, new UserUnblocked(alice, mallory),
            async () => (await _chat.ClientFor(mallory).GetAsync($"/api/chat-rooms/check/{alice}", Ct)).StatusCode == HttpStatusCode.OK,
            "the unblock to arrive");
    }

    [Fact]
    public async Task Room_is_visible_to_members_only()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser(), eve = ChatServiceFactory.NewUser();
        var roomId = await _chat.ClientFor(alice).DirectRoomIdAsync(bob);

        await (await _chat.ClientFor(eve).GetAsync($"/api/chat-rooms/{roomId}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "authorization_error");
        await (await _chat.ClientFor(eve).GetAsync("/api/chat-rooms/999999", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(roomId, (await (await _chat.ClientFor(bob).GetAsync($"/api/chat-rooms/{roomId}", Ct)).JsonAsync()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Room_list_is_most_recently_active_first_with_last_message_and_unread_count()
    {
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser(), carol = ChatServiceFactory.NewUser();
        var withBob = await _chat.ClientFor(alice).DirectRoomIdAsync(bob);
        var withCarol = await _chat.ClientFor(alice).DirectRoomIdAsync(carol);
        await _chat.ClientFor(carol).SendAsync(withCarol, "hi from carol");
        await _chat.ClientFor(bob).SendAsync(withBob, "hi from bob");
        await _chat.ClientFor(bob).SendAsync(withBob, "again");

        var rooms = await (await _chat.ClientFor(alice).GetAsync("/api/chat-rooms?skip=0&limit=10", Ct)).JsonAsync();
        var second = await (await _chat.ClientFor(alice).GetAsync("/api/chat-rooms?skip=1&limit=1", Ct)).JsonAsync();

        Assert.Equal([withBob, withCarol], rooms.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("again", rooms[0].GetProperty("last_message").GetProperty("content").GetString());
        Assert.Equal(2, rooms[0].GetProperty("unread_count").GetInt64());
        Assert.Equal(1, rooms[1].GetProperty("unread_count").GetInt64());
        Assert.Equal(withCarol, second.EnumerateArray().Single().GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("skip=-1")]
    [InlineData("limit=abc")]
    public async Task Bad_room_list_paging_is_a_4xx(string query)
    {
        var response = await _chat.ClientFor(ChatServiceFactory.NewUser()).GetAsync($"/api/chat-rooms?{query}", Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Group_room_is_created_with_the_creator_as_owner_and_members_can_change()
    {
        long owner = ChatServiceFactory.NewUser(), b = ChatServiceFactory.NewUser(), c = ChatServiceFactory.NewUser(), d = ChatServiceFactory.NewUser();

        var created = await (await _chat.ClientFor(owner).PostAsJsonAsync("/api/chat-rooms/group", new { name = "Team", member_ids = new[] { b, c } }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        var roomId = created.GetProperty("id").GetInt64();
        var added = await (await _chat.ClientFor(b).PostAsJsonAsync($"/api/chat-rooms/{roomId}/members", new { user_ids = new[] { d } }, Ct)).JsonAsync();
        var notOwner = await _chat.ClientFor(b).DeleteAsync($"/api/chat-rooms/{roomId}/members/{c}", Ct);
        var removed = await (await _chat.ClientFor(owner).DeleteAsync($"/api/chat-rooms/{roomId}/members/{c}", Ct)).JsonAsync();
        var left = await (await _chat.ClientFor(d).DeleteAsync($"/api/chat-rooms/{roomId}/members/{d}", Ct)).JsonAsync();

        Assert.Equal("group", created.GetProperty("room_type").GetString());
        Assert.Equal("Team", created.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("user_1_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("user_2_id").ValueKind);
        Assert.Equal(3, created.GetProperty("participants").GetArrayLength());
        Assert.Equal(4, added.GetProperty("participants").GetArrayLength());
        await notOwner.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(3, removed.GetProperty("participants").GetArrayLength());
        Assert.Equal([owner, b], left.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).Order());
        await (await _chat.ClientFor(c).GetAsync($"/api/chat-rooms/{roomId}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Group_rules_are_enforced()
    {
        long owner = ChatServiceFactory.NewUser(), b = ChatServiceFactory.NewUser();
        var client = _chat.ClientFor(owner);
        var direct = await client.DirectRoomIdAsync(b);

        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { name = "Solo", member_ids = Array.Empty<long>() }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { name = "Me", member_ids = new[] { owner } }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { name = "Big", member_ids = Enumerable.Range(1, 100).Select(i => (long)i) }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { member_ids = new[] { b } }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { name = "   ", member_ids = new[] { b } }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/api/chat-rooms/group", new { name = "Ghosts", member_ids = new[] { b, 99_999_999L } }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/chat-rooms/{direct}/members", new { user_ids = new[] { b } }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.DeleteAsync($"/api/chat-rooms/{direct}/members/{b}", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
