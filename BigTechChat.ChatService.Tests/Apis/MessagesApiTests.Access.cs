using System.Net;
using System.Net.Http.Json;
using System.Text;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.IntegrationEvents;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

public sealed partial class MessagesApiTests
{
    [Fact]
    public async Task Non_members_get_403_on_every_message_endpoint()
    {
        var message = await _a.SendAsync(_room, "private");
        var id = message.GetProperty("id").GetString();
        var calls = new Func<Task<HttpResponseMessage>>[]
        {
            () => _e.PostAsJsonAsync($"/api/messages/{_room}", new { content = "intrude" }, Ct),
            () => _e.GetAsync($"/api/messages/{_room}", Ct),
            () => _e.GetAsync($"/api/messages/{_room}?after_seq=0", Ct),
            () => _e.PostAsJsonAsync("/api/messages/read", new { room_id = _room, message_ids = new[] { id } }, Ct),
            () => _e.PostAsJsonAsync($"/api/messages/{_room}/read-up-to", new { seq = 1 }, Ct),
            () => _e.GetAsync($"/api/messages/room/{_room}/unread-count", Ct),
            () => _e.PutAsJsonAsync($"/api/messages/{id}", new { content = "x" }, Ct),
            () => _e.DeleteAsync($"/api/messages/{id}", Ct),
            () => _e.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct),
            () => _e.DeleteAsync($"/api/messages/{id}/reactions/{Uri.EscapeDataString("👍")}", Ct),
            () => _e.GetAsync($"/api/messages/stream/{_room}", HttpCompletionOption.ResponseHeadersRead, Ct),
        };

        foreach (var call in calls)
        {
            await (await call()).AssertProblemAsync(HttpStatusCode.Forbidden, "authorization_error");
        }

        Assert.Equal(1, (await (await _a.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Unknown_rooms_are_404_and_missing_tokens_401()
    {
        await (await _a.PostAsJsonAsync("/api/messages/987654", new { content = "x" }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _a.GetAsync("/api/messages/987654", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _a.GetAsync("/api/messages/room/-1/unread-count", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _a.GetAsync("/api/messages/stream/987654", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        var anonymous = _chat.CreateClient();
        await (await anonymous.PostAsJsonAsync($"/api/messages/{_room}", new { content = "x" }, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/messages/stream/{_room}", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Hostile_input_on_every_endpoint_is_4xx_never_5xx()
    {
        var id = (await _a.SendAsync(_room, "target")).GetProperty("id").GetString();
        string[] bodies = ["", "null", "{", "[]", "\"text\"", """{"content": {"a": 1}}""", """{"room_id": "x", "message_ids": 5}""",
            """{"room_id": 1, "message_ids": [null]}""", """{"seq": -4}""", """{"seq": "1"}""", """{"emoji": 12}""", """{"user_ids": ["a"]}""",
            """{"name": 7, "member_ids": {}}""", "{\"content\": \"" + new string('x', 70_000) + "\"}"];
        string[] posts = [$"/api/messages/{_room}", "/api/messages/read", $"/api/messages/{_room}/read-up-to", $"/api/messages/{id}/reactions",
            "/api/chat-rooms/group", $"/api/chat-rooms/{_room}/members", "/api/messages/abc", $"/api/messages/{long.MaxValue}/read-up-to"];

        foreach (var path in posts)
        {
            foreach (var body in bodies)
            {
                var response = await _a.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
                Assert.True((int)response.StatusCode is >= 400 and < 500 or 200 or 201, $"{path} {body[..Math.Min(40, body.Length)]} → {(int)response.StatusCode}");
            }
        }

        foreach (var body in bodies)
        {
            var response = await _a.PutAsync($"/api/messages/{id}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        string[] gets = ["/api/messages/abc", "/api/messages/room/abc/unread-count", "/api/chat-rooms/abc", "/api/chat-rooms/check/abc",
            $"/api/messages/stream/abc", $"/api/messages/stream/{_room}?last_event_id=xyz", "/api/chat-rooms/99999999999999999999999"];
        foreach (var path in gets)
        {
            var response = await _a.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path} → {(int)response.StatusCode}");
        }

        Assert.Equal(1, (await (await _a.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Blocked_user_cannot_send_in_the_direct_room()
    {
        await _b.SendAsync(_room, "before the block");

        await Events.PublishUntilAsync(_chat, new UserBlocked(_alice, _bob),
            async () => (await _b.PostAsJsonAsync($"/api/messages/{_room}", new { content = "still there?" }, Ct)).StatusCode == HttpStatusCode.Forbidden,
            "the block to stop messages");
        await (await _a.PostAsJsonAsync($"/api/messages/{_room}", new { content = "either way" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
