using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>A reaction is one emoji (ReactionEmoji); whatever can be added can be removed, and removal only ever removes.</summary>
public sealed partial class MessagesApiTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2E%2E")]
    [InlineData("a")]
    [InlineData("1")]
    [InlineData("👍👍")]
    [InlineData("../..")]
    [InlineData("👍/")]
    public async Task Text_that_is_not_one_emoji_is_422_on_add(string emoji)
    {
        var id = (await _a.SendAsync(_room, "react to me")).GetProperty("id").GetString();

        await (await _a.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji }, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");

        var message = (await (await _b.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("messages")[0];
        Assert.Empty(message.GetProperty("reactions").EnumerateObject());
    }

    [Theory]
    [InlineData("👍")]
    [InlineData("❤️")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🇺🇦")]
    [InlineData("#️⃣")]
    [InlineData("*️⃣")]
    [InlineData("🏴󠁧󠁢󠁥󠁮󠁧󠁿")]
    public async Task Every_accepted_emoji_can_be_removed_by_path_and_by_query(string emoji)
    {
        var id = (await _a.SendAsync(_room, "react to me")).GetProperty("id").GetString();
        var encoded = Uri.EscapeDataString(emoji);

        await (await _a.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji }, Ct)).JsonAsync();
        var byPath = await (await _a.DeleteAsync($"/api/messages/{id}/reactions/{encoded}", Ct)).JsonAsync();
        await (await _a.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji }, Ct)).JsonAsync();
        var byQuery = await (await _a.DeleteAsync($"/api/messages/{id}/reactions?emoji={encoded}", Ct)).JsonAsync();

        Assert.Empty(byPath.GetProperty("reactions").EnumerateObject());
        Assert.Empty(byQuery.GetProperty("reactions").EnumerateObject());
        Assert.Equal(1, (await (await _b.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Removal_by_query_without_an_emoji_is_422_and_changes_nothing()
    {
        var id = (await _a.SendAsync(_room, "react to me")).GetProperty("id").GetString();
        await (await _a.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "👍" }, Ct)).JsonAsync();

        await (await _a.DeleteAsync($"/api/messages/{id}/reactions", Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _a.DeleteAsync($"/api/messages/{id}/reactions?emoji=", Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var message = (await (await _b.GetAsync($"/api/messages/{_room}", Ct)).JsonAsync()).GetProperty("messages")[0];
        Assert.False(message.GetProperty("is_deleted").GetBoolean());
        Assert.Single(message.GetProperty("reactions").EnumerateObject());
    }
}
