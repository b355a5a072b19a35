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
        await StoreEventsAsync(services, 50);

        var relay = services.GetRequiredService<OutboxRelay<ContractOutboxDb>>();
        var before = commands.Count;
        var published = await relay.PublishPendingAsync(Ct);

        Assert.Equal(50, published);
        Assert.Equal(3, commands.Count - before);
        Assert.Equal(Enumerable.Range(0, 50), Numbers(received));
        Assert.Equal(0, await relay.PublishPendingAsync(Ct));
    }

    [Fact]
    public async Task A_failed_publish_marks_what_went_before_records_the_error_and_the_next_pass_resumes_in_order()
    {
        var broker = new InProcessBroker();
        var received = broker.Join(ContractEvent.Topic, "relay-test");
        var transport = new FailingOnce(new InProcessTransport(broker), failAt: 20);
        await using var services = Services(new CommandCounter(), broker, transport);
        await StoreEventsAsync(services, 50);

        var relay = services.GetRequiredService<OutboxRelay<ContractOutboxDb>>();
        var failure = await Assert.ThrowsAsync<EventPublishException>(() => relay.PublishPendingAsync(Ct));

        Assert.Equal(20, failure.Published);
        await using (var scope = services.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<ContractOutboxDb>().OutboxMessages.AsNoTracking()
                .OrderBy(m => m.Id).ToListAsync(Ct);
            Assert.All(rows.Take(20), r => Assert.NotNull(r.PublishedAt));
            Assert.All(rows.Skip(20), r => Assert.Equal((null, (DateTime?)null), (r.PublishedAt, r.LockedUntil)));
            Assert.Equal((1, "broker hiccup"), (rows[20].Attempts, rows[20].LastError));
        }

        Assert.Equal(30, await relay.PublishPendingAsync(Ct));
        Assert.Equal(Enumerable.Range(0, 50), Numbers(received));
    }

    /// <summary>Commits <paramref name="count"/> events numbered from 0 to the outbox of a fresh database.</summary>
    private static async Task StoreEventsAsync(ServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContractOutboxDb>();
        await db.Database.EnsureCreatedAsync(Ct);
        for (var number = 0; number < count; number++)
        {
            db.AddIntegrationEvent(new ContractEvent("room-1", number));
        }

        await db.SaveChangesAsync(Ct);
    }

    private static List<int> Numbers(System.Threading.Channels.ChannelReader<EventEnvelope> received)
    {
        var numbers = new List<int>();
        while (received.TryRead(out var envelope))
        {
            using var payload = JsonDocument.Parse(envelope.Payload);
            numbers.Add(payload.RootElement.EnumerateObject().Single(p => p.Name.Equals("number", StringComparison.OrdinalIgnoreCase)).Value.GetInt32());
        }

        return numbers;
    }

    /// <summary>Publishes through <paramref name="inner"/> but refuses the envelope at <paramref name="failAt"/> the first time.</summary>
    private sealed class FailingOnce(IEventTransport inner, int failAt) : IEventTransport
    {
        private int _published;
        private bool _failed;

        public string Name => inner.Name;

        public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            if (!_failed && _published == failAt)
            {
                _failed = true;
                throw new InvalidOperationException("broker hiccup");
            }

            _published++;
            return inner.PublishAsync(envelope, cancellationToken);
        }

        public Task ConsumeAsync(string topic, string consumerGroup, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken) =>
            inner.ConsumeAsync(topic, consumerGroup, deliver, cancellationToken);

        public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => inner.IsAvailableAsync(cancellationToken);
    }

    private static ServiceProvider Services(CommandCounter commands, InProcessBroker broker, IEventTransport? transport = null)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("outbox-relay-").FullName, "outbox.db");
        return new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddOptions()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<EventBusMetrics>()
            .AddSingleton<OutboxSignal>()
            .AddSingleton(transport ?? new InProcessTransport(broker))
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
