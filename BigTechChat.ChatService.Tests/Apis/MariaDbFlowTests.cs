using System.Net;
using System.Net.Http.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>The main flows against real MariaDB (migrations, unique indexes, collations).</summary>
public sealed class MariaDbFlowTests
{
    [Fact]
    public async Task Rooms_messages_receipts_and_reactions_work_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await using var chat = new ChatServiceFactory(mysqlConnection: await server.CreateDatabaseAsync("chatflow"));
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser(), carol = ChatServiceFactory.NewUser();
        HttpClient a = chat.ClientFor(alice), b = chat.ClientFor(bob);

        var rooms = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).DirectRoomIdAsync(i % 2 == 0 ? bob : alice)));
        var room = Assert.Single(rooms.Distinct());
        var sent = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => a.SendAsync(room, $"m{i}")));
        var resend = await a.SendAsync(room, "dup", "cm-1");
        var again = await a.SendAsync(room, "dup?", "cm-1", HttpStatusCode.OK);
        var id = resend.GetProperty("id").GetString();
        await (await b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "😀" }, Ct)).JsonAsync();
        var reacted = await (await b.PostAsJsonAsync($"/api/messages/{id}/reactions", new { emoji = "😃" }, Ct)).JsonAsync();
        await (await b.PostAsJsonAsync("/api/messages/read", new { room_id = room, message_ids = new[] { id } }, Ct)).JsonAsync();
        var group = await (await a.PostAsJsonAsync("/api/chat-rooms/group", new { name = "Crew", member_ids = new[] { bob, carol } }, Ct)).JsonAsync(HttpStatusCode.Created);
        var page = await (await b.GetAsync($"/api/messages/{room}?before_seq=11&limit=5", Ct)).JsonAsync();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), sent.Select(m => m.GetProperty("seq").GetInt64()).Order());
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(2, reacted.GetProperty("reactions").EnumerateObject().Count());
        Assert.Equal(10, await b.UnreadAsync(room));
        Assert.Equal([6L, 7L, 8L, 9L, 10L], page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(11, page.GetProperty("total_count").GetInt64());
        Assert.Equal(3, group.GetProperty("participants").GetArrayLength());
        var list = await (await b.GetAsync("/api/chat-rooms", Ct)).JsonAsync();
        Assert.Equal(2, list.GetArrayLength());
    }
}
