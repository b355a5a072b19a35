using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.IntegrationEvents;
using BigTechChat.Security;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Streaming;

/// <summary>The per-user stream GET /api/events/stream live (API.md §5, per-user event stream).</summary>
public sealed class EventStreamTests : DirectRoomTests
{
    [Fact]
    public async Task Connected_comes_first_then_every_room_event_of_every_room_with_its_room_id()
    {
        await using var bob = await EventStream.OpenAsync(B);
        var connected = await bob.WaitForAsync(_ => true, "the first frame");
        var hello = await A.SendAsync(Room, "hello");
        var group = await A.CreateGroupAsync(Bob);
        var joined = await bob.WaitForAsync(f => f.Event == "room_joined", "room_joined");
        var inGroup = await A.SendAsync(group, "in group");
        var id = inGroup.GetProperty("id").GetString();
        await (await A.PutAsJsonAsync($"/api/messages/{id}", new { content = "edited" }, Ct)).JsonAsync();
        await (await A.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        await (await A.DeleteAsync($"/api/messages/{id}/reactions/{Uri.EscapeDataString("👍")}", Ct)).JsonAsync();
        await (await A.PostAsJsonAsync($"/api/messages/{Room}/read-up-to", new { seq = 1 }, Ct)).JsonAsync();
        await (await B.PostAsJsonAsync($"/api/messages/{Room}/read-up-to", new { seq = 1 }, Ct)).JsonAsync();
        await (await A.DeleteAsync($"/api/messages/{id}", Ct)).JsonAsync();
        await bob.WaitForAsync(f => f.Event == "message_deleted", "message_deleted");

        Assert.Equal("connected", connected.Event);
        Assert.Equal(Bob, connected.Json.GetProperty("user_id").GetInt64());
        Assert.NotNull(connected.Id);
        Assert.Equal(group, joined.Json.GetProperty("id").GetInt64());
        Assert.Equal("group", joined.Json.GetProperty("room_type").GetString());
        Assert.NotNull(joined.Id);
        var byEvent = bob.Frames.GroupBy(f => f.Event).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var kind in new[] { "new_message", "message_updated", "reaction_added", "reaction_removed", "messages_read", "message_deleted" })
        {
            Assert.True(byEvent.ContainsKey(kind), $"no {kind} arrived");
            Assert.All(byEvent[kind], f => Assert.True(f.Json.TryGetProperty("room_id", out _), $"{kind} without room_id"));
        }

        Assert.Equal([Room, group], byEvent["new_message"].Select(f => f.Json.GetProperty("room_id").GetInt64()));
        Assert.Equal(hello.GetProperty("id").GetString(), byEvent["new_message"][0].Json.GetProperty("id").GetString());
        Assert.All(byEvent["new_message"], f => Assert.NotNull(f.Id));
        Assert.Equal("edited", byEvent["message_updated"].Single().Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Room_updated_reaches_the_members_when_someone_joins()
    {
        var carol = ChatServiceFactory.NewUser();
        var group = await A.CreateGroupAsync(Bob);
        await using var bob = await EventStream.OpenAsync(B);
        await bob.WaitForAsync(f => f.Event == "connected", "connected");

        await A.AddMembersAsync(group, carol);
        var updated = await bob.WaitForAsync(f => f.Event == "room_updated", "room_updated");

        Assert.Equal(group, updated.Json.GetProperty("id").GetInt64());
        Assert.Equal(3, updated.Json.GetProperty("participants").GetArrayLength());
        Assert.Single(bob.Frames, f => f.Event == "room_updated");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_room_left_nothing_of_that_room_arrives(bool leavesThemselves)
    {
        var carol = ChatServiceFactory.NewUser();
        var group = await A.CreateGroupAsync(Bob, carol);
        await using var bob = await EventStream.OpenAsync(B);
        await A.SendAsync(group, "before");
        await bob.WaitForMessageAsync("before");

        await (leavesThemselves ? B : A).RemoveMemberAsync(group, Bob);
        await A.SendAsync(group, "after leaving");
        await A.SendAsync(Room, "marker");
        await bob.WaitForMessageAsync("marker");

        var left = Assert.Single(bob.Frames, f => f.Event == "room_left");
        Assert.Equal(group, left.Json.GetProperty("room_id").GetInt64());
        Assert.NotNull(left.Id);
        Assert.Equal(["before"], bob.Contents(group));
        Assert.DoesNotContain(bob.Reader.RawLines, l => l.Contains("after leaving", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Friend_events_reach_both_parties_naming_the_other_party()
    {
        await using var alice = await EventStream.OpenAsync(A);
        await using var bob = await EventStream.OpenAsync(B);
        await alice.WaitForAsync(f => f.Event == "connected", "connected");
        await bob.WaitForAsync(f => f.Event == "connected", "connected");

        await Events.PublishUntilAsync(Chat, new FriendRequestSent(77, Alice, "alice", Bob, "bob"),
            () => Task.FromResult(bob.Frames.Any(f => f.Event == "friend_request_received")), "friend_request_received");
        await Chat.PublishAsync(new FriendRequestAccepted(77, Alice, "alice", Bob, "bob"));
        await Chat.PublishAsync(new FriendRequestRejected(78, Alice, Bob));
        await Chat.PublishAsync(new FriendRequestCancelled(79, Alice, Bob));
        await Chat.PublishAsync(new FriendRemoved(Bob, Alice) { FriendshipId = 77 });
        await bob.WaitForAsync(f => f.Event == "friend_removed", "friend_removed (bob)");
        await alice.WaitForAsync(f => f.Event == "friend_removed", "friend_removed (alice)");

        var received = bob.Frames.First(f => f.Event == "friend_request_received").Json;
        Assert.Equal((77L, Alice), (received.GetProperty("friendship_id").GetInt64(), received.GetProperty("user_id").GetInt64()));
        Assert.DoesNotContain(alice.Frames, f => f.Event == "friend_request_received");
        foreach (var (kind, friendship) in new[] { ("friend_request_accepted", 77L), ("friend_request_rejected", 78L), ("friend_request_cancelled", 79L), ("friend_removed", 77L) })
        {
            var toBob = bob.Frames.Single(f => f.Event == kind).Json;
            var toAlice = alice.Frames.Single(f => f.Event == kind).Json;
            Assert.Equal((friendship, Alice), (toBob.GetProperty("friendship_id").GetInt64(), toBob.GetProperty("user_id").GetInt64()));
            Assert.Equal((friendship, Bob), (toAlice.GetProperty("friendship_id").GetInt64(), toAlice.GetProperty("user_id").GetInt64()));
        }
    }

    [Fact]
    public async Task Nothing_a_blocked_user_causes_reaches_the_stream_live_or_on_resume()
    {
        var carol = ChatServiceFactory.NewUser();
        var group = await A.CreateGroupAsync(Bob, carol);
        await using var bob = await EventStream.OpenAsync(B);
        await bob.WaitForAsync(f => f.Event == "connected", "connected");
        var start = bob.LastId;
        await Events.PublishUntilAsync(Chat, new UserBlocked(Bob, carol),
            async () => (await Chat.ClientFor(carol).PostAsJsonAsync("/api/chat-rooms/group", new { name = "probe", member_ids = new[] { Bob } }, Ct)).StatusCode == HttpStatusCode.Forbidden,
            "the block to reach the chat service");

        var hidden = await Chat.ClientFor(carol).SendAsync(group, "hidden");
        await (await Chat.ClientFor(carol).PostAsJsonAsync($"/api/messages/{group}/read-up-to", new { seq = 1 }, Ct)).JsonAsync();
        await A.SendAsync(group, "visible");
        await bob.WaitForMessageAsync("visible");
        await using var resumed = await EventStream.OpenAsync(B, start);
        await resumed.WaitForMessageAsync("visible");

        foreach (var stream in new[] { bob, resumed })
        {
            Assert.Equal(["visible"], stream.Contents(group));
            Assert.DoesNotContain(stream.Frames, f => f.Event == "messages_read");
            Assert.DoesNotContain(stream.Reader.RawLines, l => l.Contains(hidden.GetProperty("id").GetString()!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Revoking_the_token_ends_the_stream()
    {
        var token = Chat.Services.GetRequiredService<TokenIssuer>().Issue(Bob, "bob@example.com", "bob");
        var client = Chat.CreateClient();
        await using var bob = await EventStream.OpenAsync(client, url: $"/api/events/stream?access_token={token.AccessToken}");
        await bob.WaitForAsync(f => f.Event == "connected", "connected");

        await Chat.Services.GetRequiredService<ITokenRevocationList>().RevokeAsync(token.Jti, token.ExpiresAt, Ct);
        await A.SendAsync(Room, "after logout");

        await bob.WaitForEndAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(bob.Reader.RawLines, l => l.Contains("after logout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_ends_when_its_token_expires()
    {
        await using var chat = new ChatServiceFactory(settings: new Dictionary<string, string?> { ["Jwt:ClockSkew"] = "00:00:00" });
        var bobId = ChatServiceFactory.NewUser();
        var options = chat.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JwtOptions>>().Value;
        var issuer = new TokenIssuer(Microsoft.Extensions.Options.Options.Create(new JwtOptions
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            SigningKey = options.SigningKey,
            AccessTokenLifetime = TimeSpan.FromSeconds(3),
        }), TimeProvider.System);
        var token = issuer.Issue(bobId, "bob@example.com", "bob");
        await using var bob = await EventStream.OpenAsync(chat.CreateClient(), url: $"/api/events/stream?access_token={token.AccessToken}");
        await bob.WaitForAsync(f => f.Event == "connected", "connected");

        await bob.WaitForEndAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow >= token.ExpiresAt.AddSeconds(-1), "the stream ended well before the token expired");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_message_deleted_before_its_event_arrives_is_never_streamed(bool relayedLate)
    {
        await using var bob = await EventStream.OpenAsync(B);
        await A.SendAsync(Room, "warm-up");
        await bob.WaitForMessageAsync("warm-up");
        var secret = await A.SendAsync(Room, "secret");
        await (await A.DeleteAsync($"/api/messages/{secret.GetProperty("id").GetString()}", Ct)).JsonAsync();
        await bob.WaitForAsync(f => f.Event == "message_deleted", "message_deleted");
        await using var fresh = await EventStream.OpenAsync(B);
        await fresh.WaitForAsync(f => f.Event == "connected", "connected");

        // The MessageSent of the deleted message arriving again: relayed late (old), or fresh after its delete was heard.
        var sent = new MessageSent(secret.GetProperty("id").GetString()!, Room, secret.GetProperty("seq").GetInt64(), Alice, "alice", "secret", "text", DateTime.UtcNow);
        await Chat.PublishAsync(relayedLate ? sent with { Timestamp = DateTime.UtcNow.AddMinutes(-5) } : sent);
        await A.SendAsync(Room, "after");
        await fresh.WaitForMessageAsync("after");

        Assert.DoesNotContain(fresh.Reader.RawLines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_token_the_stream_is_refused_with_401()
    {
        using var response = await Chat.CreateClient().GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
