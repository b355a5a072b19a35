using BigTechChat.Security;
using BigTechChat.Testing;
using StackExchange.Redis;

namespace BigTechChat.UserService.Tests;

public sealed class RedisTokenRevocationListTests
{
    [Fact]
    public async Task A_revoked_jti_is_denied_until_the_token_expires()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var revocations = new RedisTokenRevocationList(connection, TimeProvider.System);

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
        var revocations = new RedisTokenRevocationList(connection, TimeProvider.System);

        await revocations.RevokeAsync("expired", DateTime.UtcNow.AddMinutes(-1), TestContext.Current.CancellationToken);

        Assert.False(await connection.GetDatabase().KeyExistsAsync("revoked:jti:expired"));
    }
}
