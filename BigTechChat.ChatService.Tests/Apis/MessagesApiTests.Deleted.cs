using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>Once deleted, a message's text, reactions and edits are gone from every read (docs/chat-service.md).</summary>
public sealed partial class MessagesApiTests
{
    [Fact]
    public async Task Deleted_message_is_gone_from_history_cursors_counts_and_the_room_list()
    {
        var kept = (await _a.SendAsync(_room, "kept")).GetProperty("id").GetString();
        var secret = (await _a.SendAsync(_room, "secret")).GetProperty("id").GetString();
        await (await _b.PostAsJsonAsync($"/api/messages/{secret}/reactions", new { emoji = "😡" }, Ct)).JsonAsync();
        await (await _a.PutAsJsonAsync($"/api/messages/{secret}", new { content = "edited secret" }, Ct)).JsonAsync();

        await (await _a.DeleteAsync($"/api/messages/{secret}", Ct)).JsonAsync();

        foreach (var query in new[] { "", "?skip=0&limit=1", "?after_seq=0", "?before_seq=3", "?before_seq=100&limit=1" })
        {
            var page = await (await _b.GetAsync($"/api/messages/{_room}{query}", Ct)).JsonAsync();
            var raw = page.GetRawText();
            Assert.DoesNotContain("secret", raw, StringComparison.Ordinal);
            Assert.DoesNotContain(secret!, raw, StringComparison.Ordinal);
            Assert.Equal([kept], page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
            Assert.Equal(1, page.GetProperty("total_count").GetInt64());
            Assert.False(page.GetProperty("has_more").GetBoolean());
        }

        var listed = (await (await _b.GetAsync("/api/chat-rooms", Ct)).JsonAsync()).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == _room);
        Assert.Equal(kept, listed.GetProperty("last_message").GetProperty("id").GetString());
        Assert.Equal(1, listed.GetProperty("unread_count").GetInt64());
        var single = await (await _b.GetAsync($"/api/chat-rooms/{_room}", Ct)).JsonAsync();
        Assert.Equal("kept", single.GetProperty("last_message").GetProperty("content").GetString());
        Assert.Equal(1, await _b.UnreadAsync(_room));
    }

    [Fact]
    public async Task A_room_whose_only_message_was_deleted_lists_no_last_message()
    {
        var only = (await _a.SendAsync(_room, "gone soon")).GetProperty("id").GetString();
        await (await _a.DeleteAsync($"/api/messages/{only}", Ct)).JsonAsync();

        var room = await (await _b.GetAsync($"/api/chat-rooms/{_room}", Ct)).JsonAsync();

        Assert.Equal(JsonValueKind.Null, room.GetProperty("last_message").ValueKind);
        Assert.Equal(0, room.GetProperty("unread_count").GetInt64());
    }

    [Fact]
    public async Task Resending_a_deleted_message_returns_it_deleted_and_without_text()
    {
        var first = await _a.SendAsync(_room, "oops", "cm-oops");
        await (await _a.DeleteAsync($"/api/messages/{first.GetProperty("id").GetString()}", Ct)).JsonAsync();

        var resent = await _a.SendAsync(_room, "oops", "cm-oops", HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetString(), resent.GetProperty("id").GetString());
        Assert.True(resent.GetProperty("is_deleted").GetBoolean());
        Assert.Equal(string.Empty, resent.GetProperty("content").GetString());
        Assert.Empty(resent.GetProperty("reactions").EnumerateObject());
        Assert.Equal(0, (await (await _b.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Reactions_on_a_deleted_message_are_refused_both_ways()
    {
        var id = (await _a.SendAsync(_room, "short-lived")).GetProperty("id").GetString();
        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();
        await (await _a.DeleteAsync($"/api/messages/{id}", Ct)).JsonAsync();

        await (await _b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "😡" }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "message_already_deleted");
        await (await _b.DeleteAsync($"/api/messages/{id}/reactions/{Uri.EscapeDataString("👍")}", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "message_already_deleted");
        await (await _a.PutAsJsonAsync($"/api/messages/{id}", new { content = "back" }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "message_already_deleted");
    }
}
