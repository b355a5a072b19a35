using System.Globalization;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>
/// The cost of one send (issue 10): the access check (a compiled query), the seq bump returning its value (with the
/// resend check), and one command of raw statements for the message row, the outbox row and the room's activity —
/// every write in one transaction. The code before issue 10 took 8 commands and 2 write transactions.
/// </summary>
public sealed class SendPathTests
{
    // The payload's JSON times keep milliseconds.
    private static readonly TimeSpan JsonPrecision = TimeSpan.FromMilliseconds(1);

    [Fact]
    public Task A_send_takes_three_commands_and_one_write_transaction_on_sqlite() => AssertSendPathAsync(null, maxCommands: 3);

    [Fact]
    public async Task A_send_takes_three_commands_and_one_write_transaction_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await AssertSendPathAsync(await server.CreateDatabaseAsync("sendpath"), maxCommands: 3);
    }

    [Fact]
    public Task The_outbox_row_written_by_raw_sql_is_read_back_and_published_at_once_on_sqlite() => AssertOutboxRowAsync(null);

    [Fact]
    public async Task The_outbox_row_written_by_raw_sql_is_read_back_and_published_at_once_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await AssertOutboxRowAsync(await server.CreateDatabaseAsync("sendoutbox"));
    }

    /// <summary>
    /// The send stores its event with its own SQL: EF must read the row back exactly (ids, text, UTC times), the
    /// relay must publish it, and — with the relay's poll an hour away — it must be woken by the commit.
    /// </summary>
    private static async Task AssertOutboxRowAsync(string? mysqlConnection)
    {
        await using var chat = new ChatServiceFactory(
            mysqlConnection: mysqlConnection, settings: new Dictionary<string, string?> { ["EventBus:OutboxPollInterval"] = "01:00:00" });
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        var events = chat.Broker.Join(Topics.MessageEvents, "send-path-test");

        var sent = await a.SendAsync(room, "héllo 👋 \"quoted\"", "cm-outbox");
        var messageId = sent.GetProperty("id").GetString();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        EventEnvelope published;
        do
        {
            published = await events.ReadAsync(deadline.Token);
        }
        while (published.EventType != nameof(MessageSent));

        var payload = JsonSerializer.Deserialize<MessageSent>(published.Payload, ApiJson.Options)!;
        Assert.Equal((messageId, room, 1L, "héllo 👋 \"quoted\"", "cm-outbox"), (payload.MessageId, payload.RoomId, payload.Seq, payload.Content, payload.ClientMessageId));
        Assert.Equal(room.ToString(CultureInfo.InvariantCulture), published.Key);

        await using var scope = chat.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(o => o.EventId == published.EventId, TestContext.Current.CancellationToken);
        Assert.Equal((Topics.MessageEvents, nameof(MessageSent), published.Payload), (row.Topic, row.EventType, row.Payload));
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
        Assert.Equal(payload.Timestamp, row.CreatedAt, JsonPrecision);
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId, TestContext.Current.CancellationToken);
        Assert.Equal((1L, alice, "cm-outbox", false, false), (message.Seq, message.UserId, message.ClientMessageId, message.IsDeleted, message.IsEdited));
        Assert.Equal(DateTimeKind.Utc, message.CreatedAt.Kind);
        Assert.Equal(payload.CreatedAt, message.CreatedAt, JsonPrecision);
        Assert.Equal(message.CreatedAt, message.UpdatedAt);
        Assert.Equal(message.CreatedAt, (await db.Rooms.AsNoTracking().SingleAsync(r => r.Id == room, TestContext.Current.CancellationToken)).LastActivityAt);
    }

    private static async Task AssertSendPathAsync(string? mysqlConnection, int maxCommands)
    {
        await using var chat = ChatServiceFactory.RecordingCommands(mysqlConnection);
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        var a = chat.ClientFor(alice);
        var room = await a.DirectRoomIdAsync(bob);
        await a.SendAsync(room, "warm-up", "cm-0");

        for (var i = 1; i <= 3; i++)
        {
            var commands = CommandRecorder.Record();
            var sent = await a.SendAsync(room, $"m{i}", $"cm-{i}");

            Assert.Equal(i + 1, sent.GetProperty("seq").GetInt64());
            var sql = commands.ToList();
            Assert.True(sql.Count <= maxCommands, $"{sql.Count} commands: {string.Join(" | ", sql.Select(c => c.Sql))}");
            var writes = sql.Where(c => !c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(maxCommands - 1, writes.Count);
            Assert.All(writes, w => Assert.NotNull(w.Transaction));
            Assert.Single(writes.Select(w => w.Transaction).Distinct());
        }

        // A resend is answered from the first message without a write or an event.
        var commandsOfResend = CommandRecorder.Record();
        var resent = await a.SendAsync(room, "again", "cm-3", System.Net.HttpStatusCode.OK);
        Assert.Equal(4, resent.GetProperty("seq").GetInt64());
        Assert.DoesNotContain(commandsOfResend, c => c.Sql.Contains("INSERT INTO \"messages\"", StringComparison.Ordinal) || c.Sql.Contains("INSERT INTO `messages`", StringComparison.Ordinal));
    }
}
