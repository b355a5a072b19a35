using System.Net;
using System.Net.Http.Headers;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>
/// The chat privacy rules on real Kestrel servers, through the gateway and straight to the chat service: paths are
/// sent exactly as written (no client-side dot-segment removal), as curl --path-as-is or a raw socket would.
/// </summary>
[Collection(EmbeddedSystemCollection.Name)]
public sealed class PrivacyTests(EmbeddedSystemFixture fixture)
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    [Theory]
    [InlineData("%2E%2E")]
    [InlineData("%2e%2e")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2E")]
    [InlineData(".%2E")]
    [InlineData("%2E%2E%2F")]
    [InlineData("%2F")]
    [InlineData("%5C")]
    [InlineData("%252E%252E")]
    [InlineData("%2E%2E/%2E%2E")]
    public async Task Removing_a_reaction_by_any_path_never_deletes_the_message(string segment)
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        var messageId = (await alice.PostAsync($"/api/messages/{roomId}", new { content = "keep me" })).Body!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/messages/{messageId}/reactions", new { emoji = "👍" })).Status);
        var chat = fixture.System.Endpoints.Single(e => e.Name == "chat").Url;

        foreach (var server in new[] { fixture.System.GatewayUrl, chat })
        {
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"{server.ToString().TrimEnd('/')}/api/messages/{messageId}/reactions/{segment}", AsWritten));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.DoesNotContain("Message deleted", body, StringComparison.Ordinal);
            if (!segment.Contains("%25", StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{server} {segment}: {(int)response.StatusCode} {body}");
            }
        }

        var history = await bob.GetAsync($"/api/messages/{roomId}");
        var message = Assert.Single(history.Body!["messages"]!.AsArray())!;
        Assert.Equal("keep me", message["content"]!.GetValue<string>());
        Assert.False(message["is_deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Text_reactions_are_refused_through_the_gateway()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        var messageId = (await alice.PostAsync($"/api/messages/{roomId}", new { content = "react" })).Body!["id"]!.GetValue<string>();

        foreach (var emoji in new[] { "..", ".", "/", "%2E%2E" })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await alice.PostAsync($"/api/messages/{messageId}/reactions", new { emoji })).Status);
        }
    }

    [Fact]
    public async Task Reactions_with_encoded_emoji_are_removed_through_the_gateway_by_path_and_query()
    {
        using var http = fixture.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "bob");
        var roomId = (await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}")).Body!["id"]!.GetValue<long>();
        var messageId = (await alice.PostAsync($"/api/messages/{roomId}", new { content = "react" })).Body!["id"]!.GetValue<string>();

        foreach (var emoji in new[] { "#️⃣", "👨‍👩‍👧‍👦", "🇺🇦" })
        {
            Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/messages/{messageId}/reactions", new { emoji })).Status);
            var byPath = await bob.SendAsync(HttpMethod.Delete, $"/api/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}");
            Assert.Equal(HttpStatusCode.OK, byPath.Status);
            Assert.Empty(byPath.Body!["reactions"]!.AsObject());
            Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/messages/{messageId}/reactions", new { emoji })).Status);
            var byQuery = await bob.SendAsync(HttpMethod.Delete, $"/api/messages/{messageId}/reactions?emoji={Uri.EscapeDataString(emoji)}");
            Assert.Equal(HttpStatusCode.OK, byQuery.Status);
            Assert.Empty(byQuery.Body!["reactions"]!.AsObject());
        }
    }

    [Fact]
    public async Task A_block_closes_reactions_requests_and_rooms_both_ways_through_the_gateway()
    {
        using var http = fixture.CreateGatewayClient();
        var x = await ChatClient.RegisterAndLoginAsync(http, "x");
        var y = await ChatClient.RegisterAndLoginAsync(http, "y");
        var roomId = (await x.GetAsync($"/api/chat-rooms/check/{y.UserId}")).Body!["id"]!.GetValue<long>();
        var fromX = (await x.PostAsync($"/api/messages/{roomId}", new { content = "from x" })).Body!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, (await x.PostAsync($"/api/friends/block/{y.UserId}")).Status);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await y.PostAsync($"/api/messages/{fromX}/reactions", new { emoji = "😡" })).Status != HttpStatusCode.Forbidden)
        {
            Assert.True(DateTime.UtcNow < deadline, "the block never reached the chat service");
            Assert.Equal(HttpStatusCode.OK, (await y.SendAsync(HttpMethod.Delete, $"/api/messages/{fromX}/reactions?emoji=%F0%9F%98%A1")).Status);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await x.PostAsync($"/api/messages/{fromX}/reactions", new { emoji = "👍" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await y.PostAsync($"/api/messages/{roomId}", new { content = "hi" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await y.GetAsync($"/api/chat-rooms/check/{x.UserId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await y.PostAsync("/api/chat-rooms/group", new { name = "g", member_ids = new[] { x.UserId } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await y.PostAsync("/api/friends/request", new { user_id_2 = x.UserId })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await x.PostAsync("/api/friends/request", new { user_id_2 = y.UserId })).Status);
        var history = await x.GetAsync($"/api/messages/{roomId}");
        Assert.Empty(history.Body!["messages"]![0]!["reactions"]!.AsObject());
    }
}
