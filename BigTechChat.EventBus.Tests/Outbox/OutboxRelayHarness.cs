using System.Collections.Concurrent;
using System.Data.Common;
using BigTechChat.EventBus.Outbox;
using BigTechChat.EventBus.Tests.Transports;
using BigTechChat.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>
/// One outbox database (a fresh SQLite file or MariaDB database) and relays over it, each with its own instance id,
/// transport and clock, as instances of one service sharing its database. Disposing it deletes the SQLite file.
/// </summary>
public sealed class OutboxRelayHarness(ServiceProvider services, string? sqliteConnection = null) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<OutboxRelayHarness> SqliteAsync(params IInterceptor[] interceptors)
    {
        var connection = SqliteTestDatabase.NewFile("outbox-relay-", "outbox.db");
        return CreateAsync(o => o.UseSqlite(connection), interceptors, db => SqliteTestDatabase.CreateAsync(db, Ct), connection);
    }

    /// <summary>Skips the test when no MariaDB server can be started (<see cref="MariaDbServer.GetOrSkipAsync"/>).</summary>
    public static async Task<OutboxRelayHarness> MariaDbAsync(params IInterceptor[] interceptors)
    {
        var server = await MariaDbServer.GetOrSkipAsync();
        var connection = await server.CreateDatabaseAsync("outboxrelay");
        return await CreateAsync(o => o.UseMySql(connection, ServerVersion.Parse("10.11.0-mariadb")), interceptors, db => db.Database.EnsureCreatedAsync(Ct));
    }

    private static async Task<OutboxRelayHarness> CreateAsync(
        Action<DbContextOptionsBuilder> provider, IInterceptor[] interceptors, Func<ContractOutboxDb, Task> create, string? sqliteConnection = null)
    {
        var services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<EventBusMetrics>()
            .AddDbContext<ContractOutboxDb>(o => provider(o.AddInterceptors(interceptors)))
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await create(scope.ServiceProvider.GetRequiredService<ContractOutboxDb>());
        }

        return new OutboxRelayHarness(services, sqliteConnection);
    }

    /// <summary>A relay of service <c>relay-test</c>, instance <paramref name="instanceId"/>, woken by <paramref name="signal"/>.</summary>
    public OutboxRelay<ContractOutboxDb> Relay(
        IEventTransport transport, TimeProvider? clock = null, string instanceId = "a", OutboxSignal? signal = null, EventBusOptions? options = null) => new(
        services.GetRequiredService<IServiceScopeFactory>(),
        transport,
        signal ?? new OutboxSignal(),
        services.GetRequiredService<EventBusMetrics>(),
        Options.Create(options ?? new EventBusOptions { ServiceName = "relay-test", InstanceId = instanceId }),
        clock ?? TimeProvider.System,
        NullLogger<OutboxRelay<ContractOutboxDb>>.Instance);

    /// <summary>Commits events numbered <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1, in one SaveChanges.</summary>
    public async Task StoreEventsAsync(int count, int from = 0)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContractOutboxDb>();
        for (var number = from; number < from + count; number++)
        {
            db.AddIntegrationEvent(new ContractEvent("room-1", number));
        }

        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Every outbox row, by id.</summary>
    public async Task<List<OutboxMessage>> RowsAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContractOutboxDb>().OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);
    }

    public async Task<bool> AnyUnpublishedAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContractOutboxDb>().OutboxMessages.AnyAsync(m => m.PublishedAt == null, cancellationToken);
    }

    /// <summary>Sets the lease of the row <paramref name="id"/> as another relay would (null releases it).</summary>
    public async Task SetLeaseAsync(long id, string? lockedBy, DateTime? lockedUntil)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContractOutboxDb>().OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, lockedBy).SetProperty(m => m.LockedUntil, lockedUntil), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        if (sqliteConnection is not null)
        {
            // Pooled connections keep the file open until their pool is cleared.
            using (var connection = new SqliteConnection(sqliteConnection))
            {
                SqliteConnection.ClearPool(connection);
            }

            Directory.Delete(Path.GetDirectoryName(new SqliteConnectionStringBuilder(sqliteConnection).DataSource)!, recursive: true);
        }
    }
}

/// <summary>A broker that records the envelopes it was given, in order; <see cref="BeforePublish"/> may hold or refuse one.</summary>
public sealed class RecordingTransport : IEventTransport
{
    public ConcurrentQueue<EventEnvelope> Published { get; } = new();

    /// <summary>Runs before each envelope is taken, with how many this transport took before it.</summary>
    public Func<int, CancellationToken, Task>? BeforePublish { get; set; }

    public string Name => "recording";

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (BeforePublish is { } before)
        {
            await before(Published.Count, cancellationToken);
        }

        Published.Enqueue(envelope);
    }

    /// <summary>The outbox ids of what was published, in the order it was published.</summary>
    public List<long> Ids(IEnumerable<OutboxMessage> rows)
    {
        var ids = rows.ToDictionary(r => r.EventId, r => r.Id);
        return [.. Published.Select(e => ids[e.EventId])];
    }

    public Task ConsumeAsync(string topic, string consumerGroup, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>A clock that stands still until moved, so a lease expires exactly when a test says so.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Runs an action once, just before the next UPDATE statement of the context it is registered on.</summary>
public sealed class BeforeNextUpdate : DbCommandInterceptor
{
    private Func<Task>? _action;

    public void Arm(Func<Task> action) => _action = action;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith("UPDATE", StringComparison.Ordinal) && Interlocked.Exchange(ref _action, null) is { } action)
        {
            await action();
        }

        return result;
    }
}
