using BigTechChat.Security;
using BigTechChat.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace BigTechChat.UserService.Tests;

public sealed class RedisTokenRevocationListTests
{
    [Fact]
    public async Task A_revoked_jti_is_denied_until_the_token_expires()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var revocations = new RedisTokenRevocationList(connection, TimeProvider.System, NullLogger<RedisTokenRevocationList>.Instance);

        await revocations.RevokeAsync("short-lived", DateTime.UtcNow.AddMilliseconds(500), TestContext.Current.CancellationToken);
        await revocations.RevokeAsync("long-lived", DateTime.UtcNow.AddHours(2), TestContext.Current.CancellationToken);

        Assert.True(await revocations.IsRevokedAsync("short-lived", TestContext.Current.CancellationToken));
        Assert.True(await revocations.IsRevokedAsync("long-lived", TestContext.Current.CancellationToken));
        Assert.False(await revocations.IsRevokedAsync("never-revoked", TestContext.Current.CancellationToken));
        await UserApiClient.EventuallyAsync(
            async () => !await revocations.IsRevokedAsync("short-lived", TestContext.Current.CancellationToken), "revocation to expire");
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync("revoked:jti:long-lived");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
    }

    [Fact]
    public async Task An_already_expired_token_is_not_stored()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var revocations = new RedisTokenRevocationList(connection, TimeProvider.System, NullLogger<RedisTokenRevocationList>.Instance);

        await revocations.RevokeAsync("expired", DateTime.UtcNow.AddMinutes(-1), TestContext.Current.CancellationToken);

        Assert.False(await connection.GetDatabase().KeyExistsAsync("revoked:jti:expired"));
    }

    [Fact]
    public async Task While_redis_is_down_checks_fail_open_but_revocations_made_here_still_hold()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var revocations = new RedisTokenRevocationList(connection, TimeProvider.System, NullLogger<RedisTokenRevocationList>.Instance);
        await revocations.RevokeAsync("revoked-here", DateTime.UtcNow.AddHours(1), TestContext.Current.CancellationToken);
        await connection.GetDatabase().StringSetAsync("revoked:jti:revoked-elsewhere", "1", TimeSpan.FromHours(1));
        Assert.True(await revocations.IsRevokedAsync("revoked-elsewhere", TestContext.Current.CancellationToken));

        await redis.StopAsync();

        Assert.False(await revocations.IsRevokedAsync("revoked-elsewhere", TestContext.Current.CancellationToken));
        Assert.True(await revocations.IsRevokedAsync("revoked-here", TestContext.Current.CancellationToken));
    }
}
