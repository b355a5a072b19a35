using System.Collections.Concurrent;
using BigTechChat.ChatService.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

public sealed record RoomAudience(string RoomType, IReadOnlySet<long> Members);

/// <summary>
/// Room members as the fan-out sees them: read once per room and cached briefly, refreshed at once when this
/// instance hears RoomMembersChanged, so delivery re-checks membership without a query per frame.
/// </summary>
public sealed class RoomMembership(IServiceScopeFactory scopes, IOptions<StreamOptions> options, TimeProvider clock)
{
    private static readonly RoomAudience Nobody = new(RoomTypes.Direct, new HashSet<long>());
    private readonly ConcurrentDictionary<long, (RoomAudience Audience, DateTimeOffset ReadAt)> _cache = new();

    public async Task<RoomAudience> GetAsync(long roomId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(roomId, out var cached) && clock.GetUtcNow() - cached.ReadAt < options.Value.MembershipCacheTime)
        {
            return cached.Audience;
        }

        var readAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var room = await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new { r.RoomType, Members = r.Members.Select(m => m.UserId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        var audience = room is null ? Nobody : new RoomAudience(room.RoomType, room.Members.ToHashSet());
        _cache[roomId] = (audience, readAt);
        return audience;
    }

    /// <summary>Forgets the cached members so the next delivery reads them again.</summary>
    public void Invalidate(long roomId) => _cache.TryRemove(roomId, out _);
}
