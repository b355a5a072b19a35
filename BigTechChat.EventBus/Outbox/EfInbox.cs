using Microsoft.EntityFrameworkCore;

namespace BigTechChat.EventBus.Outbox;

/// <summary>Remembers which events a consumer has handled, so redeliveries are no-ops.</summary>
public interface IInbox
{
    Task<bool> HasProcessedAsync(Guid eventId, string consumer, CancellationToken cancellationToken);

    Task MarkProcessedAsync(Guid eventId, string consumer, CancellationToken cancellationToken);
}

internal sealed class EfInbox<TContext>(TContext db, TimeProvider clock) : IInbox
    where TContext : DbContext, IOutboxDbContext
{
    public Task<bool> HasProcessedAsync(Guid eventId, string consumer, CancellationToken cancellationToken) =>
        db.ProcessedEvents.AnyAsync(p => p.EventId == eventId && p.Consumer == consumer, cancellationToken);

    public async Task MarkProcessedAsync(Guid eventId, string consumer, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.ProcessedEvents.Add(new ProcessedEvent { EventId = eventId, Consumer = consumer, ProcessedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await HasProcessedAsync(eventId, consumer, cancellationToken))
            {
                throw; // Not a delivery that finished first: a real failure, for the consumer to retry and log.
            }
        }
    }
}
