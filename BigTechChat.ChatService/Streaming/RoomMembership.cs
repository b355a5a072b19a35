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
    private readonly ConcurrentDictionary<long, long> _generations = new();

    public async Task<RoomAudience> GetAsync(long roomId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(roomId, out var cached) && clock.GetUtcNow() - cached.ReadAt < options.Value.MembershipCacheTime)
        {
            return cached.Audience;
        }

        var readAt = clock.GetUtcNow();
        var generation = _generations.GetValueOrDefault(roomId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var room = await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new { r.RoomType, Members = r.Members.Select(m => m.UserId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        var audience = room is null ? Nobody : new RoomAudience(room.RoomType, room.Members.ToHashSet());
        var entry = (audience, readAt);
        _cache[roomId] = entry;
        if (_generations.GetValueOrDefault(roomId) != generation)
        {
            // Invalidated while this read was in flight: what was read may predate the change.
            _cache.TryRemove(new KeyValuePair<long, (RoomAudience, DateTimeOffset)>(roomId, entry));
        }

        return audience;
    }

    /// <summary>Forgets the cached members so the next delivery reads them again, also when a read is in flight.</summary>
    public void Invalidate(long roomId)
    {
        _generations.AddOrUpdate(roomId, 1, (_, generation) => generation + 1);
        _cache.TryRemove(roomId, out _);
    }
}
