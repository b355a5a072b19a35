using BigTechChat.ChatService.Messages;
using BigTechChat.Testing;

namespace BigTechChat.ChatService.Tests.Messages;

/// <summary>
/// What the relational store sends for its per-message reads (issue 10): the fan-out's liveness check is one
/// statement on the messages table alone, and one message's reactions are read by equality, whose SQL EF caches
/// (Pomelo writes a list's Contains as constants, so that SQL was generated anew at every call).
/// </summary>
public sealed class RelationalStoreStatementsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_liveness_check_is_one_statement_on_messages_on_sqlite() => await AssertLivenessCheckAsync(await RelationalStores.SqliteAsync(new CommandRecorder()));

    [Fact]
    public async Task The_liveness_check_is_one_statement_on_messages_on_mariadb() => await AssertLivenessCheckAsync(await RelationalStores.MariaDbAsync("chatstatements", new CommandRecorder()));

    [Fact]
    public async Task One_message_s_reactions_are_read_by_equality_on_mariadb()
    {
        var store = await RelationalStores.MariaDbAsync("chatstatements", new CommandRecorder());
        var sent = (await store.AppendAsync(NewMessage("hello"), null, Ct)).Message;
        await store.AddReactionAsync(sent.Id, 2, "👍", null, Ct);

        var commands = CommandRecorder.Record();
        var loaded = await store.GetAsync(sent.Id, Ct);

        Assert.Equal([2L], loaded!.Reactions["👍"]);
        var reactions = Assert.Single(commands, c => c.Sql.Contains("`message_reactions`", StringComparison.Ordinal)).Sql;
        Assert.Contains("`MessageId` = @", reactions, StringComparison.Ordinal);
        Assert.DoesNotContain(" IN (", reactions, StringComparison.Ordinal);
    }

    private static async Task AssertLivenessCheckAsync(IMessageStore store)
    {
        var live = (await store.AppendAsync(NewMessage("live"), null, Ct)).Message;
        var deleted = (await store.AppendAsync(NewMessage("deleted"), null, Ct)).Message;
        await store.DeleteAsync(deleted.Id, 1, DateTime.UtcNow, null, Ct);

        foreach (var (id, expected) in new[] { (live.Id, true), (deleted.Id, false) })
        {
            var commands = CommandRecorder.Record();
            Assert.Equal(expected, await store.IsLiveAsync(id, Ct));
            var sql = Assert.Single(commands).Sql;
            Assert.Contains("messages", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("message_reactions", sql, StringComparison.Ordinal);
        }
    }

    private static NewMessage NewMessage(string content) => new(1, 1, "user1", content, "text", null, DateTime.UtcNow);
}
