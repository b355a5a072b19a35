using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.UserService.Tests;

/// <summary>Two instances on one database, one Redis and one broker, as a scaled-out deployment.</summary>
public sealed class TwoInstanceTests
{
    [Fact]
    public async Task A_change_made_on_one_instance_reaches_a_status_stream_open_on_the_other()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("bigtechchat-user-shared-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Database:DataDirectory"] = dataDirectory,
        };
        await using var first = new UserServiceFactory { Settings = new(settings) };
        await using var second = new UserServiceFactory { Settings = new(settings), SharedBroker = first.Broker };
        var one = first.CreateClient();
        var two = second.CreateClient();

        var watcher = await one.RegisterAndLoginAsync();
        var friend = await two.RegisterAndLoginAsync();
        await first.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new FriendRequestAccepted(1, watcher.Id, watcher.Username, friend.Id, friend.Username), TestContext.Current.CancellationToken);
        await UserApiClient.EventuallyAsync(async () =>
            (await (await two.GetAsync("/api/online-status/friends", watcher.Token)).ReadJsonAsync()).GetArrayLength() == 1, "friendship");

        await using var stream = await SseReader.OpenAsync(one, "/api/online-status/stream", watcher.Token);
        await two.SendAsync(HttpMethod.Post, "/api/auth/logout", friend.Token);
        var change = await stream.NextEventAsync();
        while (change.Data.GetProperty("is_online").GetBoolean())
        {
            // The friend's login may reach the stream first.
            Assert.Equal(friend.Id, change.Data.GetProperty("user_id").GetInt64());
            change = await stream.NextEventAsync();
        }

        Assert.Equal(friend.Id, change.Data.GetProperty("user_id").GetInt64());
        Assert.False(change.Data.GetProperty("is_online").GetBoolean());
        var seenFromOne = await (await one.GetAsync($"/api/online-status/user/{friend.Id}", watcher.Token)).ReadJsonAsync();
        Assert.False(seenFromOne.GetProperty("is_online").GetBoolean());
        await (await one.GetAsync("/api/profile/me", friend.Token)).AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized);
    }
}
