using BigTechChat.EventBus.Outbox;
using BigTechChat.EventBus.Tests.Transports;
using BigTechChat.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>The inbox records each handled event once, and only a delivery that finished first excuses a failed record.</summary>
public sealed class EfInboxTests : IAsyncLifetime
{
    private const string Consumer = "contract-service:RecordingHandler";
    private readonly string _connectionString = SqliteTestDatabase.NewFile("inbox-", "inbox.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var db = NewContext();
        await SqliteTestDatabase.CreateAsync(db, Ct);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource)!, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_delivery_that_recorded_the_event_first_makes_the_second_record_a_no_op()
    {
        var eventId = Guid.NewGuid();
        await using var first = NewContext();
        await using var second = NewContext();
        var late = new EfInbox<ContractOutboxDb>(second, TimeProvider.System);
        Assert.False(await late.HasProcessedAsync(eventId, Consumer, Ct));

        await new EfInbox<ContractOutboxDb>(first, TimeProvider.System).MarkProcessedAsync(eventId, Consumer, Ct);
        await late.MarkProcessedAsync(eventId, Consumer, Ct);

        await using var check = NewContext();
        Assert.Equal(1, await check.ProcessedEvents.CountAsync(p => p.EventId == eventId, Ct));
    }

    [Fact]
    public async Task A_record_that_fails_for_another_reason_reaches_the_consumer()
    {
        await using (var setup = NewContext())
        {
            await setup.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_records BEFORE INSERT ON processed_events BEGIN SELECT RAISE(ABORT, 'record refused'); END;", Ct);
        }

        await using var db = NewContext();
        var inbox = new EfInbox<ContractOutboxDb>(db, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => inbox.MarkProcessedAsync(Guid.NewGuid(), Consumer, Ct));
        Assert.Contains("record refused", failure.InnerException?.Message, StringComparison.Ordinal);
    }

    private ContractOutboxDb NewContext() =>
        new(new DbContextOptionsBuilder<ContractOutboxDb>().UseSqlite(_connectionString).Options);
}
