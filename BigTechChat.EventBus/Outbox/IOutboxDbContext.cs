using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.EventBus.Outbox;

/// <summary>A service database that carries the outbox and the consumer inbox tables.</summary>
public interface IOutboxDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }

    DbSet<ProcessedEvent> ProcessedEvents { get; }
}

public static class OutboxModel
{
    public static ModelBuilder AddOutboxTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Topic).HasMaxLength(100);
            outbox.Property(m => m.PartitionKey).HasMaxLength(100);
            outbox.Property(m => m.EventType).HasMaxLength(100);
            outbox.Property(m => m.TraceParent).HasMaxLength(128);
            outbox.Property(m => m.LockedBy).HasMaxLength(64);
            outbox.Property(m => m.LastError).HasMaxLength(1000);
            outbox.HasIndex(m => new { m.PublishedAt, m.Id });
        });
        modelBuilder.Entity<ProcessedEvent>(inbox =>
        {
            inbox.ToTable("processed_events");
            inbox.HasKey(p => new { p.EventId, p.Consumer });
            inbox.Property(p => p.Consumer).HasMaxLength(150);
        });
        return modelBuilder;
    }

    /// <summary>Stages an event in the context; it is stored by the same SaveChanges as the change it describes.</summary>
    public static void AddIntegrationEvent(this IOutboxDbContext context, IntegrationEvent integrationEvent) =>
        context.OutboxMessages.Add(ToOutboxRow(integrationEvent));

    /// <summary>
    /// The outbox row for an event, unsaved: its envelope (topic, partition key, payload) and the current trace's
    /// parent, so the consumer's span continues this one. For a writer that stores it with its own SQL and then
    /// calls <see cref="OutboxSignal.Notify"/> after the commit.
    /// </summary>
    public static OutboxMessage ToOutboxRow(IntegrationEvent integrationEvent)
    {
        var envelope = EventEnvelope.From(integrationEvent, Activity.Current?.Id);
        return new OutboxMessage
        {
            EventId = envelope.EventId,
            Topic = envelope.Topic,
            PartitionKey = envelope.Key,
            EventType = envelope.EventType,
            Payload = envelope.Payload,
            TraceParent = envelope.TraceParent,
            CreatedAt = integrationEvent.Timestamp,
        };
    }
}
