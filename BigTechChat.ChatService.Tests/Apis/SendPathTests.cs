using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>
/// The cost of one send (issue 10): the access check, the seq bump returning its value (with the resend check), the
/// message and outbox rows (one batched command on MariaDB, two on SQLite, which EF does not batch) and the room's
/// activity — every write in one transaction. The code before issue 10 took 8 commands and 2 write transactions.
/// </summary>
public sealed class SendPathTests
{
    [Fact]
    public Task A_send_takes_five_commands_and_one_write_transaction_on_sqlite() => AssertSendPathAsync(null, maxCommands: 5);

    [Fact]
    public async Task A_send_takes_four_commands_and_one_write_transaction_on_mariadb()
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        await AssertSendPathAsync(await server.CreateDatabaseAsync("sendpath"), maxCommands: 4);
    }

    private static async Task AssertSendPathAsync(string? mysqlConnection, int maxCommands)
    {
        await using var chat = new ChatServiceFactory(
            mysqlConnection: mysqlConnection, configureServices: services => services.AddSingleton<IInterceptor, CommandRecorder>());
        long alice = ChatServiceFactory.NewUser(), bob = ChatServiceFactory.NewUser();
        chat.Server.PreserveExecutionContext = true;
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
