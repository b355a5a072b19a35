using System.Globalization;
using System.Net;

namespace BigTechChat.EndToEnd.Tests;

[Collection(DistributedSystemCollection.Name)]
public sealed class DistributedJourneyTests(DistributedSystemFixture fixture)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task User_journey_across_processes_reaches_a_stream_on_the_second_chat_instance()
    {
        using var gateway = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(gateway, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(gateway, "bob");

        var search = await alice.GetAsync($"/api/users/search?query={bob.Username}");
        Assert.Equal(bob.UserId, search.Body!["users"]![0]!["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/friends/request", new { user_id_2 = bob.UserId })).Status);
        Assert.Equal(HttpStatusCode.OK, (await bob.PutAsync($"/api/friends/status/{alice.UserId}", new { action = "accept" })).Status);
        var friends = await bob.GetAsync("/api/friends/list");
        Assert.Equal(alice.Username, Assert.Single(friends.Body!.AsArray())!["username"]!.GetValue<string>());

        var room = await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}");
        var roomId = room.Body!["id"]!.GetValue<long>();

        using var secondChat = fixture.CreateClient(fixture.SecondChat.Url);
        var bobOnSecond = ChatClient.WithToken(secondChat, bob);
        await using var stream = await bobOnSecond.OpenStreamAsync($"/api/messages/stream/{roomId}");
        Assert.Equal("connected", (await stream.NextAsync(StreamTimeout)).Event);

        for (var i = 1; i <= 3; i++)
        {
            var sent = await alice.PostAsync($"/api/messages/{roomId}", new { content = $"across {i}", message_type = "text" });
            Assert.Equal(HttpStatusCode.Created, sent.Status);
        }

        for (var i = 1; i <= 3; i++)
        {
            var frame = await stream.NextOfTypeAsync("new_message", StreamTimeout);
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), frame.Id);
            Assert.Equal($"across {i}", frame.Json.GetProperty("content").GetString());
        }

        Assert.Equal(3, (await bob.GetAsync($"/api/messages/room/{roomId}/unread-count")).Body!["unread_count"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/messages/{roomId}/read-up-to", new { seq = 3 })).Status);
        Assert.Equal(0, (await bob.GetAsync($"/api/messages/room/{roomId}/unread-count")).Body!["unread_count"]!.GetValue<long>());

        var read = await stream.NextOfTypeAsync("messages_read", StreamTimeout);
        Assert.Equal(bob.UserId, read.Json.GetProperty("user_id").GetInt64());
    }
}
