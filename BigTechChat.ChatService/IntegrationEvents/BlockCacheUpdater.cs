using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>Per instance: applies blocks and unblocks to this instance's <see cref="BlockCache"/> as they are heard.</summary>
public sealed class BlockCacheUpdater(BlockCache blocks) : IIntegrationEventHandler<UserBlocked>, IIntegrationEventHandler<UserUnblocked>
{
    public Task HandleAsync(UserBlocked e, CancellationToken cancellationToken)
    {
        blocks.Heard(e.BlockerId, e.BlockedId, isBlocked: true);
        return Task.CompletedTask;
    }

    public Task HandleAsync(UserUnblocked e, CancellationToken cancellationToken)
    {
        blocks.Heard(e.BlockerId, e.BlockedId, isBlocked: false);
        return Task.CompletedTask;
    }
}
