using System.Net;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.UserService.Tests;

public sealed class OnlineStatusTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Heartbeat_answers_success_with_a_60_second_lease()
    {
        var user = await _client.RegisterAndLoginAsync();

        var response = await _client.SendAsync(HttpMethod.Post, "/api/online-status/heartbeat", user.Token);

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(user.Id, body.GetProperty("user_id").GetInt64());
        Assert.Equal(60, body.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task User_status_shows_online_after_heartbeat_and_404_for_unknown_users()
    {
        var watcher = await _client.RegisterAndLoginAsync();
        var user = await _client.RegisterAndLoginAsync();
        await _client.SendAsync(HttpMethod.Post, "/api/online-status/heartbeat", user.Token);

        var body = await (await _client.GetAsync($"/api/online-status/user/{user.Id}", watcher.Token)).ReadJsonAsync();

        Assert.Equal(user.Id, body.GetProperty("user_id").GetInt64());
        Assert.True(body.GetProperty("is_online").GetBoolean());
        Assert.True(body.TryGetProperty("last_seen_at", out _));
        await (await _client.GetAsync("/api/online-status/user/987654321", watcher.Token)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Friends_status_follows_friend_events_accepted_removed_and_blocked()
    {
        var a = await _client.RegisterAndLoginAsync();
        var b = await _client.RegisterAndLoginAsync();
        var c = await _client.RegisterAndLoginAsync();
        var bus = factory.Services.GetRequiredService<IEventPublisher>();

        await bus.PublishAsync(new FriendRequestAccepted(1, a.Id, a.Username, b.Id, b.Username), TestContext.Current.CancellationToken);
        await bus.PublishAsync(new FriendRequestAccepted(2, c.Id, c.Username, a.Id, a.Username), TestContext.Current.CancellationToken);
        await UserApiClient.EventuallyAsync(async () => (await FriendIdsAsync(a)).Length == 2, "friend links to arrive");

        var friends = await (await _client.GetAsync("/api/online-status/friends", a.Token)).ReadJsonAsync();
        Assert.Equal([b.Id, c.Id], friends.EnumerateArray().Select(f => f.GetProperty("user_id").GetInt64()).Order().ToArray());
        Assert.All(friends.EnumerateArray(), f => Assert.True(f.GetProperty("is_online").GetBoolean()));
        Assert.Equal([a.Id], await FriendIdsAsync(b));

        await bus.PublishAsync(new FriendRemoved(b.Id, a.Id), TestContext.Current.CancellationToken);
        await bus.PublishAsync(new UserBlocked(a.Id, c.Id), TestContext.Current.CancellationToken);
        await UserApiClient.EventuallyAsync(async () => (await FriendIdsAsync(a)).Length == 0, "friend links to be removed");
        Assert.Empty(await FriendIdsAsync(b));
        Assert.Empty(await FriendIdsAsync(c));
    }

    [Fact]
    public async Task Friend_events_delivered_twice_store_one_link_each_way()
    {
        var a = await _client.RegisterAndLoginAsync();
        var b = await _client.RegisterAndLoginAsync();
        var bus = factory.Services.GetRequiredService<IEventPublisher>();
        var accepted = new FriendRequestAccepted(3, a.Id, a.Username, b.Id, b.Username);

        await bus.PublishAsync(accepted, TestContext.Current.CancellationToken);
        await bus.PublishAsync(new FriendRequestAccepted(4, b.Id, b.Username, a.Id, a.Username), TestContext.Current.CancellationToken);
        await bus.PublishAsync(accepted, TestContext.Current.CancellationToken);
        await UserApiClient.EventuallyAsync(async () => (await FriendIdsAsync(a)).Length == 1, "friend link to arrive");
        await UserApiClient.EventuallyAsync(
            () => Task.FromResult(factory.Broker.PendingCount(Topics.FriendEvents, UserServiceExtensions.ConsumerGroup) == 0), "events consumed");

        Assert.Equal([b.Id], await FriendIdsAsync(a));
        Assert.Equal([a.Id], await FriendIdsAsync(b));
    }

    private async Task<long[]> FriendIdsAsync(TestUser user)
    {
        var body = await (await _client.GetAsync("/api/online-status/friends", user.Token)).ReadJsonAsync();
        return body.EnumerateArray().Select(f => f.GetProperty("user_id").GetInt64()).ToArray();
    }
}
