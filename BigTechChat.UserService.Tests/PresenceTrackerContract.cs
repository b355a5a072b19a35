using BigTechChat.Testing;
using BigTechChat.UserService.Presence;
using StackExchange.Redis;

namespace BigTechChat.UserService.Tests;

/// <summary>What every presence store must do; run against the in-memory and the Redis implementation.</summary>
public abstract class PresenceTrackerContract : IAsyncLifetime
{
    private static long _nextUser = 1_000;

    protected PresenceTracker Tracker { get; set; } = null!;

    public abstract ValueTask InitializeAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static long NewUser() => Interlocked.Increment(ref _nextUser);

    [Fact]
    public async Task First_heartbeat_announces_the_user_and_renewals_do_not()
    {
        var user = NewUser();

        Assert.True(await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1)));
        Assert.False(await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1)));
        Assert.True(await Tracker.IsOnlineAsync(user));
    }

    [Fact]
    public async Task Unknown_user_is_offline()
    {
        Assert.False(await Tracker.IsOnlineAsync(NewUser()));
    }

    [Fact]
    public async Task Set_offline_takes_the_user_offline_once()
    {
        var user = NewUser();
        await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1));

        Assert.True(await Tracker.SetOfflineAsync(user));
        Assert.False(await Tracker.SetOfflineAsync(user));
        Assert.False(await Tracker.IsOnlineAsync(user));
        Assert.True(await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Online_among_returns_only_live_users()
    {
        long a = NewUser(), b = NewUser(), c = NewUser();
        await Tracker.HeartbeatAsync(a, TimeSpan.FromMinutes(1));
        await Tracker.HeartbeatAsync(c, TimeSpan.FromMinutes(1));

        var online = await Tracker.OnlineAmongAsync([a, b, c]);

        Assert.Equal([a, c], online.Order().ToArray());
        Assert.Empty(await Tracker.OnlineAmongAsync([]));
    }

    [Fact]
    public async Task A_lapsed_heartbeat_goes_offline_and_is_collected_exactly_once()
    {
        var user = NewUser();
        await Tracker.HeartbeatAsync(user, TimeSpan.FromMilliseconds(300));

        await UserApiClient.EventuallyAsync(async () => !await Tracker.IsOnlineAsync(user), "TTL to lapse");
        var collected = new List<long>();
        await UserApiClient.EventuallyAsync(async () =>
        {
            collected.AddRange(await Tracker.CollectLapsedAsync());
            return collected.Contains(user);
        }, "lapse to be collected");

        Assert.DoesNotContain(user, await Tracker.CollectLapsedAsync());
        Assert.True(await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_renewed_user_is_not_collected()
    {
        var user = NewUser();
        await Tracker.HeartbeatAsync(user, TimeSpan.FromMilliseconds(400));
        await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1));
        await Task.Delay(600, TestContext.Current.CancellationToken); // past the first TTL, to prove the renewal counted

        Assert.DoesNotContain(user, await Tracker.CollectLapsedAsync());
        Assert.True(await Tracker.IsOnlineAsync(user));
    }

    [Fact]
    public async Task Concurrent_collectors_report_each_lapse_once()
    {
        var users = Enumerable.Range(0, 20).Select(_ => NewUser()).ToArray();
        foreach (var user in users)
        {
            await Tracker.HeartbeatAsync(user, TimeSpan.FromMilliseconds(200));
        }

        await UserApiClient.EventuallyAsync(async () => !(await Tracker.OnlineAmongAsync(users)).Any(), "all TTLs to lapse");
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Tracker.CollectLapsedAsync()));
        var mine = batches.SelectMany(b => b).Where(users.Contains).ToList();

        Assert.Equal(users.Length, mine.Count);
        Assert.Equal(users.Length, mine.Distinct().Count());
    }

    [Fact]
    public async Task Count_reflects_announced_users()
    {
        var before = await Tracker.CountOnlineAsync();
        var user = NewUser();
        await Tracker.HeartbeatAsync(user, TimeSpan.FromMinutes(1));

        Assert.True(await Tracker.CountOnlineAsync() >= before + 1);
        await Tracker.SetOfflineAsync(user);
    }
}

public sealed class InMemoryPresenceTrackerTests : PresenceTrackerContract
{
    public override ValueTask InitializeAsync()
    {
        Tracker = new InMemoryPresenceTracker(TimeProvider.System);
        return ValueTask.CompletedTask;
    }
}

public sealed class RedisPresenceTrackerTests : PresenceTrackerContract
{
    private RedisServer? _redis;
    private ConnectionMultiplexer? _connection;

    public override async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartOrSkipAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        Tracker = new RedisPresenceTracker(_connection, TimeProvider.System);
    }

    [Fact]
    public async Task Heartbeat_sets_the_user_online_key_with_a_ttl()
    {
        await Tracker.HeartbeatAsync(4242, TimeSpan.FromSeconds(60));

        var ttl = await _connection!.GetDatabase().KeyTimeToLiveAsync("user:online:4242");

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
