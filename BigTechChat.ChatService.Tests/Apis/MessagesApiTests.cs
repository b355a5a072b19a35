using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.IntegrationEvents;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

public sealed partial class MessagesApiTests : IAsyncLifetime
{
    private readonly ChatServiceFactory _chat = new();
    private long _alice, _bob, _eve, _room;
    private HttpClient _a = null!, _b = null!, _e = null!;

    public async ValueTask InitializeAsync()
    {
        (_alice, _bob, _eve) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        (_a, _b, _e) = (_chat.ClientFor(_alice), _chat.ClientFor(_bob), _chat.ClientFor(_eve));
        _room = await _a.DirectRoomIdAsync(_bob);
    }

    public ValueTask DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Sent_message_has_the_contract_shape_and_the_next_seq()
    {
        var first = await _a.SendAsync(_room, "hello");
        var second = await _b.SendAsync(_room, "hi!");

        Assert.Equal(
            ["client_message_id", "content", "created_at", "deleted_at", "edited_at", "id", "is_deleted", "is_edited", "message_type",
             "reactions", "room_id", "room_type", "seq", "updated_at", "user_id", "username"],
            first.EnumerateObject().Select(p => p.Name).Order());
        Assert.Matches("^[0-9a-f]{24}$", first.GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
        Assert.Equal(2, second.GetProperty("seq").GetInt64());
        Assert.Equal($"user_{_alice}", first.GetProperty("username").GetString());
        Assert.Equal("direct", first.GetProperty("room_type").GetString());
        Assert.Equal("text", first.GetProperty("message_type").GetString());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("reactions").ValueKind);
        Assert.False(first.GetProperty("is_deleted").GetBoolean());
        Assert.EndsWith("Z", first.GetProperty("created_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_client_message_id_returns_the_first_message_with_200_and_stores_nothing()
    {
        var first = await _a.SendAsync(_room, "once", "cm-42");
        var again = await _a.SendAsync(_room, "twice?", "cm-42", HttpStatusCode.OK);
        var history = await (await _a.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync();

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal("once", again.GetProperty("content").GetString());
        Assert.Equal("cm-42", again.GetProperty("client_message_id").GetString());
        Assert.Equal(1, history.GetProperty("total_count").GetInt64());
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public async Task Whitespace_only_content_is_400_invalid_input(string content)
    {
        var response = await _a.PostAsJsonAsync($"/api/messages/{_room}", new { content }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Theory]
    [InlineData("""{"content": ""}""", 422)]
    [InlineData("""{"message_type": "text"}""", 422)]
    [InlineData("""{"content": "x", "message_type": "video"}""", 422)]
    [InlineData("""{"content": 5}""", 400)]
    [InlineData("""{"content": "x", "client_message_id": ""}""", 422)]
    [InlineData("""{"content": """, 400)]
    [InlineData("""[1,2]""", 400)]
    public async Task Malformed_send_is_a_4xx_problem(string body, int minimumStatus)
    {
        var response = await _a.PostAsync($"/api/messages/{_room}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.InRange((int)response.StatusCode, minimumStatus == 422 ? 422 : 400, 422);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Content_over_300_characters_is_422_and_300_is_fine()
    {
        await (await _a.PostAsJsonAsync($"/api/messages/{_room}", new { content = new string('x', 301) }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        await _a.SendAsync(_room, new string('y', 300));
    }

    [Fact]
    public async Task History_offset_pages_are_newest_first_each_oldest_to_newest()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _a.SendAsync(_room, $"m{i}");
        }

        var newest = await (await _a.GetAsync($"/api/messages/{_room}?limit=2&skip=0", Ct)).JsonAsync();
        var oldest = await (await _a.GetAsync($"/api/messages/{_room}?limit=2&skip=4", Ct)).JsonAsync();

        Assert.Equal(["m4", "m5"], newest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(5, newest.GetProperty("total_count").GetInt64());
        Assert.True(newest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["m1"], oldest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.False(oldest.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task History_cursor_pages_by_seq()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _a.SendAsync(_room, $"m{i}");
        }

        var before = await (await _a.GetAsync($"/api/messages/{_room}?before_seq=4&limit=2", Ct)).JsonAsync();
        var after = await (await _a.GetAsync($"/api/messages/{_room}?after_seq=4", Ct)).JsonAsync();

        Assert.Equal([2L, 3L], before.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.True(before.GetProperty("has_more").GetBoolean());
        Assert.Equal([5L, 6L], after.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.False(after.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("skip=-1")]
    [InlineData("before_seq=0")]
    [InlineData("after_seq=-1")]
    [InlineData("before_seq=3&after_seq=1")]
    [InlineData("before_seq=abc")]
    [InlineData("limit=99999999999999999999")]
    public async Task Bad_history_query_is_a_4xx(string query)
    {
        var response = await _a.GetAsync($"/api/messages/{_room}?{query}", Ct);

        Assert.InRange((int)response.StatusCode, 400, 422);
    }

    [Fact]
    public async Task Unread_count_is_exact_after_send_read_and_delete()
    {
        var m1 = (await _a.SendAsync(_room, "1")).GetProperty("id").GetString();
        var m2 = (await _a.SendAsync(_room, "2")).GetProperty("id").GetString();
        var m3 = await _a.SendAsync(_room, "3");
        await _b.SendAsync(_room, "mine");
        Assert.Equal(3, await _b.UnreadAsync(_room));
        Assert.Equal(1, await _a.UnreadAsync(_room));

        var read = await (await _b.PostAsJsonAsync("/api/messages/read", new { room_id = _room, message_ids = new[] { m1 } }, Ct)).JsonAsync();
        Assert.True(read.GetProperty("success").GetBoolean());
        Assert.Equal(1, read.GetProperty("read_count").GetInt32());
        Assert.Equal(JsonValueKind.String, read.GetProperty("message").ValueKind);
        Assert.Equal(2, await _b.UnreadAsync(_room));

        var repeat = await (await _b.PostAsJsonAsync("/api/messages/read", new { room_id = _room, message_ids = new[] { m1 } }, Ct)).JsonAsync();
        Assert.Equal(0, repeat.GetProperty("read_count").GetInt32());

        await (await _a.DeleteAsync($"/api/messages/{m2}", Ct)).JsonAsync();
        Assert.Equal(1, await _b.UnreadAsync(_room));

        var upTo = await (await _b.PostAsJsonAsync($"/api/messages/{_room}/read-up-to", new { seq = m3.GetProperty("seq").GetInt64() }, Ct)).JsonAsync();
        Assert.Equal(1, upTo.GetProperty("read_count").GetInt32());
        Assert.Equal(0, await _b.UnreadAsync(_room));
        await _a.SendAsync(_room, "4");
        Assert.Equal(1, await _b.UnreadAsync(_room));
    }

    [Fact]
    public async Task Reading_ids_of_another_room_is_400()
    {
        var carol = ChatServiceFactory.NewUser();
        var otherRoom = await _a.DirectRoomIdAsync(carol);
        var foreign = (await _a.SendAsync(otherRoom, "elsewhere")).GetProperty("id").GetString();
        var local = (await _a.SendAsync(_room, "here")).GetProperty("id").GetString();

        await (await _b.PostAsJsonAsync("/api/messages/read", new { room_id = _room, message_ids = new[] { local, foreign } }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _b.PostAsJsonAsync("/api/messages/read", new { room_id = _room, message_ids = new[] { "nope" } }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1, await _b.UnreadAsync(_room));
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_and_deleted_is_final()
    {
        var message = await _a.SendAsync(_room, "original");
        var id = message.GetProperty("id").GetString();

        await (await _b.PutAsJsonAsync($"/api/messages/{id}", new { content = "hijack" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _b.DeleteAsync($"/api/messages/{id}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var edited = await (await _a.PutAsJsonAsync($"/api/messages/{id}", new { content = "edited" }, Ct)).JsonAsync();
        var deleted = await (await _a.DeleteAsync($"/api/messages/{id}", Ct)).JsonAsync();

        Assert.Equal("edited", edited.GetProperty("content").GetString());
        Assert.True(edited.GetProperty("is_edited").GetBoolean());
        Assert.Equal(message.GetProperty("seq").GetInt64(), edited.GetProperty("seq").GetInt64());
        Assert.Equal("Message deleted", deleted.GetProperty("message").GetString());
        await (await _a.DeleteAsync($"/api/messages/{id}", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "message_already_deleted");
        await (await _a.PutAsJsonAsync($"/api/messages/{id}", new { content = "again" }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "message_already_deleted");
        await (await _a.PutAsJsonAsync($"/api/messages/{new string('a', 24)}", new { content = "x" }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _a.DeleteAsync("/api/messages/not-an-id", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reactions_are_one_per_user_per_emoji()
    {
        var id = (await _a.SendAsync(_room, "react to me")).GetProperty("id").GetString();

        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        var both = await (await _a.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        var removed = await (await _b.DeleteAsync($"/api/messages/{id}/reactions/{Uri.EscapeDataString("👍")}", Ct)).JsonAsync();

        Assert.Equal([_bob, _alice], both.GetProperty("reactions").GetProperty("👍").EnumerateArray().Select(u => u.GetInt64()));
        Assert.Equal([_alice], removed.GetProperty("reactions").GetProperty("👍").EnumerateArray().Select(u => u.GetInt64()));
        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "" }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = string.Concat(Enumerable.Repeat("😀", 40)) }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "a b" }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _e.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
