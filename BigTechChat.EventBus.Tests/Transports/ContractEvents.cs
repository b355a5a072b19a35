using System.Collections.Concurrent;
using BigTechChat.EventBus.Outbox;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.EventBus.Tests.Transports;

[Topic(Topic)]
public sealed record ContractEvent(string RoomKey, int Number) : IntegrationEvent
{
    public const string Topic = "contract.events";

    public override string GetPartitionKey() => RoomKey;
}

/// <summary>Records every event it handles; shared per host through DI.</summary>
public sealed class ContractEventLog
{
    public ConcurrentQueue<ContractEvent> Handled { get; } = new();
}

public sealed class RecordingHandler(ContractEventLog log) : IIntegrationEventHandler<ContractEvent>
{
    public Task HandleAsync(ContractEvent integrationEvent, CancellationToken cancellationToken)
    {
        log.Handled.Enqueue(integrationEvent);
        return Task.CompletedTask;
    }
}

public sealed class PoisonHandler : IIntegrationEventHandler<ContractEvent>
{
    public const string Failure = "room is on fire";

    public Task HandleAsync(ContractEvent integrationEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Failure);
}

/// <summary>A service database that carries the outbox, as every service's does.</summary>
public sealed class ContractOutboxDb(DbContextOptions<ContractOutboxDb> options) : DbContext(options), IOutboxDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxTables();
}
