using System.Net;
using System.Net.Http.Headers;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>Streams through the gateway end with their token, and resume cursors behave as docs/api.md (Streams) says.</summary>
[Collection(EmbeddedSystemCollection.Name)]
public sealed class StreamLifetimeTests(EmbeddedSystemFixture fixture)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Logout_ends_open_streams_and_a_new_login_resumes_without_loss()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        await using var room = await bob.OpenStreamAsync($"/api/messages/stream/{roomId}");
        await using var presence = await bob.OpenStreamAsync("/api/online-status/stream");
        Assert.Equal("connected", (await room.NextAsync(StreamTimeout)).Event);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/messages/{roomId}", new { content = "seen", message_type = "text" })).Status);
        var seen = (await room.NextOfTypeAsync("new_message", StreamTimeout)).Id!;
        var oldToken = bob.Token;

        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync("/api/auth/logout")).Status);
        foreach (var missed in new[] { "missed 1", "missed 2" })
        {
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync($"/api/messages/{roomId}", new { content = missed, message_type = "text" })).Status);
        }

        Assert.True(await room.EndsWithinAsync(Prompt), "the room stream outlived logout");
        Assert.True(await presence.EndsWithinAsync(Prompt), "the presence stream outlived logout");
        Assert.DoesNotContain(room.RawLines, line => line.Contains("missed", StringComparison.Ordinal));
        using (var stale = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/messages/stream/{roomId}", UriKind.Relative)))
        {
            stale.Headers.Authorization = new AuthenticationHeaderValue("Bearer", oldToken);
            using var refused = await http.SendAsync(stale, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await bob.LoginAsync();
        await using var resumed = await bob.OpenStreamAsync($"/api/messages/stream/{roomId}", lastEventId: seen);
        var first = await resumed.NextOfTypeAsync("new_message", StreamTimeout);
        var second = await resumed.NextOfTypeAsync("new_message", StreamTimeout);
        Assert.Equal(("2", "missed 1"), (first.Id, first.Json.GetProperty("content").GetString()));
        Assert.Equal(("3", "missed 2"), (second.Id, second.Json.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Resume_cursor_ahead_of_the_room_resyncs_through_the_gateway()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();

        await using var stream = await bob.OpenStreamAsync($"/api/messages/stream/{roomId}", lastEventId: "3");
        Assert.Equal("connected", (await stream.NextAsync(StreamTimeout)).Event);
        var resync = await stream.NextAsync(StreamTimeout);
        await alice.PostAsync($"/api/messages/{roomId}", new { content = "first", message_type = "text" });
        var first = await stream.NextAsync(StreamTimeout);

        Assert.Equal(("resync", "0"), (resync.Event, resync.Id));
        Assert.Equal(("new_message", "1"), (first.Event, first.Id));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public async Task Malformed_resume_cursor_is_422_through_the_gateway(string cursor)
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/messages/stream/{roomId}", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bob.Token);
        request.Headers.TryAddWithoutValidation("Last-Event-ID", cursor);

        using var fromHeader = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var fromQuery = await bob.GetAsync($"/api/messages/stream/{roomId}?last_event_id={Uri.EscapeDataString(cursor)}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, fromHeader.StatusCode);
        Assert.Equal("application/problem+json", fromHeader.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fromQuery.Status);
        Assert.Equal("validation_error", fromQuery.Body!["error"]!.GetValue<string>());
    }
}
