using System.Net;
using BigTechChat.Testing;

namespace BigTechChat.EndToEnd.Tests;

[Collection(EmbeddedSystemCollection.Name)]
public sealed class EmbeddedSystemTests(EmbeddedSystemFixture fixture)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Per_user_event_stream_carries_friend_room_and_message_events_through_the_gateway_and_resumes()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "ualice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "ubob");
        string cursor;
        await using (var stream = await bob.OpenStreamAsync("/api/events/stream"))
        {
            var connected = await stream.NextAsync(StreamTimeout);
            Assert.Equal("connected", connected.Event);
            Assert.Equal(bob.UserId, connected.Json.GetProperty("user_id").GetInt64());

            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/friends/request", new { user_id_2 = bob.UserId })).Status);
            var request = await stream.NextOfTypeAsync("friend_request_received", StreamTimeout);
            Assert.Equal(alice.UserId, request.Json.GetProperty("user_id").GetInt64());

            var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
            Assert.Equal(roomId, (await stream.NextOfTypeAsync("room_joined", StreamTimeout)).Json.GetProperty("id").GetInt64());
            await alice.PostAsync($"/api/messages/{roomId}", new { content = "first", message_type = "text" });
            var first = await stream.NextOfTypeAsync("new_message", StreamTimeout);
            Assert.Equal("first", first.Json.GetProperty("content").GetString());
            cursor = first.Id!;
            await alice.PostAsync($"/api/messages/{roomId}", new { content = "missed", message_type = "text" });
        }

        await using var resumed = await bob.OpenStreamAsync("/api/events/stream", lastEventId: cursor);
        var replayed = await resumed.NextOfTypeAsync("new_message", StreamTimeout);
        Assert.Equal("missed", replayed.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(resumed.RawLines, line => line.Contains("\"first\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whole_user_journey_works_through_the_gateway()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");

        var profile = await alice.GetAsync("/api/profile/me");
        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal(alice.Username, profile.Body!["username"]!.GetValue<string>());

        var search = await alice.GetAsync($"/api/users/search?query={bob.Username}");
        Assert.Equal(HttpStatusCode.OK, search.Status);
        Assert.Equal(bob.UserId, search.Body!["users"]![0]!["id"]!.GetValue<long>());

        var request = await alice.PostAsync("/api/friends/request", new { user_id_2 = bob.UserId });
        Assert.Equal(HttpStatusCode.Created, request.Status);
        var accepted = await bob.PutAsync($"/api/friends/status/{alice.UserId}", new { action = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal("accepted", accepted.Body!["status"]!.GetValue<string>());

        var friends = await alice.GetAsync("/api/friends/list");
        var friend = Assert.Single(friends.Body!.AsArray());
        Assert.Equal(bob.Username, friend!["username"]!.GetValue<string>());

        var room = await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}");
        Assert.Equal(HttpStatusCode.OK, room.Status);
        var roomId = room.Body!["id"]!.GetValue<long>();
        var names = room.Body["participants"]!.AsArray().Select(p => p!["username"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(new[] { alice.Username, bob.Username }.Order().ToArray(), names);

        await using var stream = await bob.OpenStreamAsync($"/api/messages/stream/{roomId}");
        Assert.Equal("connected", (await stream.NextAsync(StreamTimeout)).Event);

        for (var i = 1; i <= 3; i++)
        {
            var sent = await alice.PostAsync($"/api/messages/{roomId}", new { content = $"hello {i}", message_type = "text" });
            Assert.Equal(HttpStatusCode.Created, sent.Status);
        }

        for (var i = 1; i <= 3; i++)
        {
            var frame = await stream.NextOfTypeAsync("new_message", StreamTimeout);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), frame.Id);
            Assert.Equal($"hello {i}", frame.Json.GetProperty("content").GetString());
            Assert.Equal(alice.Username, frame.Json.GetProperty("username").GetString());
        }

        var unread = await bob.GetAsync($"/api/messages/room/{roomId}/unread-count");
        Assert.Equal(3, unread.Body!["unread_count"]!.GetValue<long>());

        var history = await bob.GetAsync($"/api/messages/{roomId}");
        var ids = history.Body!["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(3, ids.Length);
        var read = await bob.PostAsync("/api/messages/read", new { room_id = roomId, message_ids = ids[..2] });
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(1, (await bob.GetAsync($"/api/messages/room/{roomId}/unread-count")).Body!["unread_count"]!.GetValue<long>());

        var upTo = await bob.PostAsync($"/api/messages/{roomId}/read-up-to", new { seq = 3 });
        Assert.Equal(HttpStatusCode.OK, upTo.Status);
        var rooms = await bob.GetAsync("/api/chat-rooms");
        var listed = rooms.Body!.AsArray().Single(r => r!["id"]!.GetValue<long>() == roomId)!;
        Assert.Equal(0, listed["unread_count"]!.GetValue<long>());
        Assert.Equal("hello 3", listed["last_message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gateway_health_reports_every_service()
    {
        using var http = fixture.CreateGatewayClient();
        var ct = TestContext.Current.CancellationToken;
        var last = (Status: HttpStatusCode.ServiceUnavailable, Body: "{}");

        // Each probe has a 2 s budget at the gateway, so a service still warming up on a loaded machine may miss one.
        await LocalServerProcess.WaitUntilAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), ct);
            last = (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "gateway /health to answer 200");

        var body = System.Text.Json.Nodes.JsonNode.Parse(last.Body)!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        foreach (var service in new[] { "user", "friend", "chat" })
        {
            Assert.Equal("healthy", body["services"]![service]!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Logout_revokes_the_token_at_the_gateway_and_in_every_service()
    {
        using var http = fixture.CreateGatewayClient();
        var carol = await ChatClient.RegisterAndLoginAsync(http, "carol");

        var logout = await carol.PostAsync("/api/auth/logout");
        Assert.Equal(HttpStatusCode.OK, logout.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/profile/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/friends/list")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/chat-rooms")).Status);
    }

    [Fact]
    public async Task Every_service_serves_docs_and_health()
    {
        using var http = new HttpClient();
        foreach (var endpoint in fixture.System.Endpoints.Where(e => e.HasDocs))
        {
            using var docs = await http.GetAsync(new Uri(endpoint.Url, "/docs"), TestContext.Current.CancellationToken);
            using var openApi = await http.GetAsync(new Uri(endpoint.Url, "/openapi/v1.json"), TestContext.Current.CancellationToken);
            using var health = await http.GetAsync(new Uri(endpoint.Url, "/health"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
            Assert.Contains(endpoint.DisplayName, await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_service_exports_only_its_own_meters_though_all_share_one_process()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "meter");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "meter");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/messages/{roomId}", new { content = "counted" })).Status);
        using var scraper = new HttpClient();
        var chat = fixture.System.Endpoints.Single(e => e.Name == "chat").Url;
        var user = fixture.System.Endpoints.Single(e => e.Name == "user").Url;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        string chatMetrics, userMetrics;
        do
        {
            chatMetrics = await scraper.GetStringAsync(new Uri(chat, "/metrics"), TestContext.Current.CancellationToken);
            userMetrics = await scraper.GetStringAsync(new Uri(user, "/metrics"), TestContext.Current.CancellationToken);
        }
        while (!(chatMetrics.Contains("chat_messages_sent_total", StringComparison.Ordinal)
            && userMetrics.Contains("user_logins_total", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        Assert.Contains("chat_messages_sent_total", chatMetrics, StringComparison.Ordinal);
        Assert.Contains("user_logins_total", userMetrics, StringComparison.Ordinal);
        Assert.DoesNotContain("chat_messages_sent_total", userMetrics, StringComparison.Ordinal);
        Assert.DoesNotContain("user_logins_total", chatMetrics, StringComparison.Ordinal);
    }
}
