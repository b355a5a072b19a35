using BigTechChat.ChatService.Infrastructure;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>Keeps the local copy of blocks; a redelivered event finds the row already there and changes nothing.</summary>
public sealed class UserBlockedHandler(ChatDbContext db, TimeProvider clock) : IIntegrationEventHandler<UserBlocked>
{
    public async Task HandleAsync(UserBlocked e, CancellationToken cancellationToken)
    {
        if (await db.Blocks.AnyAsync(b => b.BlockerId == e.BlockerId && b.BlockedId == e.BlockedId, cancellationToken))
        {
            return;
        }

        db.Blocks.Add(new UserBlock { BlockerId = e.BlockerId, BlockedId = e.BlockedId, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Stored by a concurrent delivery of the same fact.
        }
    }
}

public sealed class UserUnblockedHandler(ChatDbContext db) : IIntegrationEventHandler<UserUnblocked>
{
    public Task HandleAsync(UserUnblocked e, CancellationToken cancellationToken) =>
        db.Blocks.Where(b => b.BlockerId == e.BlockerId && b.BlockedId == e.BlockedId).ExecuteDeleteAsync(cancellationToken);
}
