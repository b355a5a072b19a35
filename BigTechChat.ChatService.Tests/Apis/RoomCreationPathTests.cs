using System.Net.Http.Json;
using System.Text.Json;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>
/// A room's creation answers from what it wrote (target 4's chat_room step): no reload of the room and no last-message
/// or unread query for a room nothing was sent in yet; the answer equals what a later read of the room gives.
/// </summary>
public sealed class RoomCreationPathTests
{
    [Fact]
    public Task Creating_rooms_reads_no_messages_and_answers_what_a_later_read_gives_on_sqlite() => AssertCreationPathAsync(null);

    [Fact]
    public async Task Creating_rooms_reads_no_messages_and_answers_what_a_later_read_gives_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await AssertCreationPathAsync(await server.CreateDatabaseAsync("roomcreation"));
    }

    private static async Task AssertCreationPathAsync(string? mysqlConnection)
    {
        await using var chat = ChatServiceFactory.RecordingCommands(mysqlConnection);
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser(), carol = ChatServiceFactory.NewUser();
        var a = chat.ClientFor(alice);
        await a.DirectRoomAsync(carol);

        var directCommands = CommandRecorder.Record();
        var direct = await a.DirectRoomAsync(bob);
        var directSql = directCommands.Select(c => c.Sql).ToList();
        var groupCommands = CommandRecorder.Record();
        var group = await (await a.PostAsJsonAsync("/api/chat-rooms/group", new { name = "trio", member_ids = new[] { bob, carol } }, Ct))
            .JsonAsync(System.Net.HttpStatusCode.Created);
        var groupSql = groupCommands.Select(c => c.Sql).ToList();

        Assert.All(directSql.Concat(groupSql), sql => Assert.False(ReadsMessages(sql), sql));
        Assert.Equal(0, direct.GetProperty("unread_count").GetInt64());
        Assert.Equal(JsonValueKind.Null, direct.GetProperty("last_message").ValueKind);
        foreach (var created in new[] { direct, group })
        {
            var read = await (await a.GetAsync($"/api/chat-rooms/{created.GetProperty("id").GetInt64()}", Ct)).JsonAsync();
            Assert.Equal(read.GetRawText(), created.GetRawText());
        }

        Assert.Equal(direct.GetRawText(), (await a.DirectRoomAsync(bob)).GetRawText());
    }

    // The messages table, quoted as SQLite or MariaDB quote it (outbox_messages is another table).
    private static bool ReadsMessages(string sql) =>
        sql.Contains("\"messages\"", StringComparison.Ordinal) || sql.Contains("`messages`", StringComparison.Ordinal);
}
