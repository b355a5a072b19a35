using BigTechChat.EventBus.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>The contract for transports with a real broker: outages are survived and the outbox relay catches up.</summary>
public abstract class BrokerTransportContract : TransportContract
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bigtechchat-outbox-").FullName;

    protected abstract Task StopBrokerAsync();

    protected abstract Task StartBrokerAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_stopped_broker_is_unavailable_and_publishing_works_again_after_it_restarts()
    {
        var transport = TransportOf(BuildHost());
        Assert.True(await transport.IsAvailableAsync(Cancellation));

        await StopBrokerAsync();
        await Eventually.HoldsAsync(() => IsAvailableWithinAsync(transport), false, "the transport reports the broker unavailable");
        await StartBrokerAsync();
        await Eventually.HoldsAsync(() => IsAvailableWithinAsync(transport), true, "the transport reports the broker available", TimeSpan.FromSeconds(60));

        var received = Consume(transport, "after-outage");
        await WarmUpAsync(transport, Topic, received);
        var envelope = Envelope("room-1", 1);
        await transport.PublishAsync(envelope, Cancellation);
        await Eventually.HoldsAsync(() => received.Events.Any(e => e.EventId == envelope.EventId), "the event published after the outage arrived");
    }

    [Fact]
    public async Task Outbox_relay_delivers_events_written_while_the_broker_was_down()
    {
        var host = BuildHost(
            "outbox-service",
            bus => bus.AddOutbox<ContractOutboxDb>().AddSubscription<ContractEvent, RecordingHandler>(),
            new() { ["EventBus:OutboxPollInterval"] = "00:00:00.200" },
            services =>
            {
                services.AddSingleton<ContractEventLog>();
                services.AddDbContext<ContractOutboxDb>(options =>
                    options.UseSqlite($"Data Source={Path.Combine(_dataDirectory, "outbox.db")}"));
            });
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContractOutboxDb>().Database.EnsureCreatedAsync(Cancellation);
        }

        await host.StartAsync(Cancellation);
        await StopBrokerAsync();
        for (var number = 0; number < 10; number++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContractOutboxDb>();
            db.AddIntegrationEvent(new ContractEvent("room-1", number));
            await db.SaveChangesAsync(Cancellation);
        }

        await StartBrokerAsync();

        var log = host.Services.GetRequiredService<ContractEventLog>();
        await Eventually.HoldsAsync(() => log.Handled.Count >= 10, "every event written during the outage was handled", TimeSpan.FromSeconds(90));
        Assert.Equal(Enumerable.Range(0, 10), log.Handled.Select(e => e.Number));
    }

    private static async Task<bool> IsAvailableWithinAsync(IEventTransport transport)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await transport.IsAvailableAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}
