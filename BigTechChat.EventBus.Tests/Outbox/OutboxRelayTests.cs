using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using BigTechChat.EventBus.InProcess;
using BigTechChat.EventBus.Outbox;
using BigTechChat.EventBus.Tests.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>The relay's fast path costs (issue 10): no exception per notify, a few statements per batch.</summary>
public sealed class OutboxRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Notifying_an_already_signalled_relay_throws_nothing_and_wakes_it_once()
    {
        var signal = new OutboxSignal();
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is SemaphoreFullException)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            Parallel.For(0, 1_000, _ => signal.Notify());
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Ct));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, Ct));
        signal.Notify();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task A_batch_of_pending_events_is_published_in_order_with_three_statements()
    {
        var commands = new CommandCounter();
        var broker = new InProcessBroker();
        var received = broker.Join(ContractEvent.Topic, "relay-test");
        await using var services = Services(commands, broker);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContractOutboxDb>();
            await db.Database.EnsureCreatedAsync(Ct);
            for (var number = 0; number < 50; number++)
            {
                db.AddIntegrationEvent(new ContractEvent("room-1", number));
            }

            await db.SaveChangesAsync(Ct);
        }

        var relay = services.GetRequiredService<OutboxRelay<ContractOutboxDb>>();
        var before = commands.Count;
        var published = await relay.PublishPendingAsync(Ct);

        Assert.Equal(50, published);
        Assert.Equal(3, commands.Count - before);
        var numbers = new List<int>();
        while (received.TryRead(out var envelope))
        {
            using var payload = JsonDocument.Parse(envelope.Payload);
            numbers.Add(payload.RootElement.EnumerateObject().Single(p => p.Name.Equals("number", StringComparison.OrdinalIgnoreCase)).Value.GetInt32());
        }

        Assert.Equal(Enumerable.Range(0, 50), numbers);
        Assert.Equal(0, await relay.PublishPendingAsync(Ct));
    }

    private static ServiceProvider Services(CommandCounter commands, InProcessBroker broker)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("outbox-relay-").FullName, "outbox.db");
        return new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddOptions()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<EventBusMetrics>()
            .AddSingleton<OutboxSignal>()
            .AddSingleton<IEventTransport>(new InProcessTransport(broker))
            .AddSingleton<OutboxRelay<ContractOutboxDb>>()
            .AddDbContext<ContractOutboxDb>(options => options.UseSqlite($"Data Source={file}").AddInterceptors(commands))
            .BuildServiceProvider();
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }
    }
}
