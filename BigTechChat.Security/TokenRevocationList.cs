using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BigTechChat.Security;

/// <summary>The denied token ids of API.md §2: a logged-out token stays refused until it would have expired.</summary>
public interface ITokenRevocationList
{
    Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default);

    Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="jtis"/> are revoked, in one round trip (open streams re-check their tokens with it).</summary>
    Task<IReadOnlySet<string>> FindRevokedAsync(IReadOnlyCollection<string> jtis, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised with the jti of each revocation this list hears of: its own, and with Redis any process's (pub/sub,
    /// best effort — a missed notice is caught by the next <see cref="FindRevokedAsync"/>).
    /// </summary>
    event Action<string>? Revoked;
}

/// <summary>Embedded mode: one list per process, shared by every host the AppHost starts.</summary>
public sealed class InMemoryTokenRevocationList(TimeProvider clock) : ITokenRevocationList
{
    private readonly ConcurrentDictionary<string, DateTime> _revoked = new(StringComparer.Ordinal);

    public event Action<string>? Revoked;

    public Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        _revoked[jti] = expiresAt;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var expired in _revoked.Where(entry => entry.Value <= now))
        {
            _revoked.TryRemove(expired);
        }

        Revoked?.Invoke(jti);
        return Task.CompletedTask;
    }

    public Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsRevoked(jti));

    public Task<IReadOnlySet<string>> FindRevokedAsync(IReadOnlyCollection<string> jtis, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(jtis.Where(IsRevoked).ToHashSet(StringComparer.Ordinal));

    private bool IsRevoked(string jti) => _revoked.TryGetValue(jti, out var expiresAt) && expiresAt > clock.GetUtcNow().UtcDateTime;
}

/// <summary>
/// Distributed mode: <c>revoked:jti:{jti}</c> keys that expire with the token, and a notice on the
/// <c>revoked:jti</c> pub/sub channel so other processes can end open streams at once. Checks fail open while Redis
/// is unreachable — a logged-out token is accepted for the length of the outage — because failing closed would turn
/// a Redis outage into an outage of every authenticated endpoint. Revocations from this process are also kept locally.
/// </summary>
public sealed partial class RedisTokenRevocationList(
    IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisTokenRevocationList> logger) : ITokenRevocationList
{
    /// <summary>Batch size of one MGET while re-checking many open streams' tokens.</summary>
    private const int LookupBatch = 1000;

    private static readonly RedisChannel Notices = RedisChannel.Literal("revoked:jti");

    private readonly InMemoryTokenRevocationList _local = new(clock);
    private Action<string>? _revoked;
    private int _subscribed;

    /// <summary>The first handler subscribes this process to other processes' notices.</summary>
    public event Action<string>? Revoked
    {
        add
        {
            _revoked += value;
            if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            {
                _ = SubscribeAsync();
            }
        }
        remove => _revoked -= value;
    }

    private static RedisKey Key(string jti) => $"revoked:jti:{jti}";

    public async Task RevokeAsync(string jti, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        await _local.RevokeAsync(jti, expiresAt, cancellationToken);
        _revoked?.Invoke(jti);
        var ttl = expiresAt - clock.GetUtcNow().UtcDateTime;
        if (ttl > TimeSpan.Zero)
        {
            await redis.GetDatabase().StringSetAsync(Key(jti), "1", ttl);
            try
            {
                await redis.GetSubscriber().PublishAsync(Notices, jti);
            }
            catch (RedisException exception)
            {
                // The key is written; other processes find it on their next periodic check.
                LogNoticeFailed(logger, exception);
            }
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

    public async Task<IReadOnlySet<string>> FindRevokedAsync(IReadOnlyCollection<string> jtis, CancellationToken cancellationToken = default)
    {
        var revoked = new HashSet<string>(await _local.FindRevokedAsync(jtis, cancellationToken), StringComparer.Ordinal);
        try
        {
            foreach (var batch in jtis.Where(jti => !revoked.Contains(jti)).Chunk(LookupBatch))
            {
                var values = await redis.GetDatabase().StringGetAsync(batch.Select(Key).ToArray());
                revoked.UnionWith(batch.Where((_, i) => values[i].HasValue));
            }
        }
        catch (RedisException exception)
        {
            LogUnreachable(logger, exception);
        }

        return revoked;
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Notices, (_, jti) =>
            {
                if (jti.HasValue)
                {
                    _revoked?.Invoke(jti.ToString());
                }
            });
        }
        catch (RedisException exception)
        {
            LogNoticeFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token revocation list unreachable; accepting the token")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation notices unavailable; open streams rely on the periodic check")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception);
}
