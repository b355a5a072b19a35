using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BigTechChat.Security;

/// <summary>The denied token ids of API.md §2: a logged-out token stays refused until it would have expired.</summary>
public interface ITokenRevocationList
{
    Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default);

    Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken = default);
}

/// <summary>Embedded mode: one list per process, shared by every host the AppHost starts.</summary>
public sealed class InMemoryTokenRevocationList(TimeProvider clock) : ITokenRevocationList
{
    private readonly ConcurrentDictionary<string, DateTime> _revoked = new(StringComparer.Ordinal);

    public Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        _revoked[jti] = expiresAt;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var expired in _revoked.Where(entry => entry.Value <= now))
        {
            _revoked.TryRemove(expired);
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken = default) =>
        Task.FromResult(_revoked.TryGetValue(jti, out var expiresAt) && expiresAt > clock.GetUtcNow().UtcDateTime);
}

/// <summary>
/// Distributed mode: <c>revoked:jti:{jti}</c> keys that expire with the token. Checks fail open while Redis is
/// unreachable — a logged-out token is accepted for the length of the outage — because failing closed would turn a
/// Redis outage into an outage of every authenticated endpoint. Revocations from this process are also kept locally.
/// </summary>
public sealed partial class RedisTokenRevocationList(
    IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisTokenRevocationList> logger) : ITokenRevocationList
{
    private readonly InMemoryTokenRevocationList _local = new(clock);

    private static RedisKey Key(string jti) => $"revoked:jti:{jti}";

    public async Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        await _local.RevokeAsync(jti, expiresAt, cancellationToken);
        var ttl = expiresAt - clock.GetUtcNow().UtcDateTime;
        if (ttl > TimeSpan.Zero)
        {
            await redis.GetDatabase().StringSetAsync(Key(jti), "1", ttl);
        }
    }

    public async Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        if (await _local.IsRevokedAsync(jti, cancellationToken))
        {
            return true;
        }

        try
        {
            return await redis.GetDatabase().KeyExistsAsync(Key(jti));
        }
        catch (RedisException exception)
        {
            LogUnreachable(logger, exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token revocation list unreachable; accepting the token")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);
}
