using System.Net.Http.Json;
using BigTechChat.EventBus;

namespace BigTechChat.UserService.Tests;

public sealed class EventsTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Register_publishes_UserRegistered_on_user_events()
    {
        var users = new BusProbe(factory.Broker, Topics.UserEvents);
        var user = await _client.RegisterAndLoginAsync(displayName: "Eve");

        var registered = await users.NextAsync("UserRegistered", e => e.GetProperty("user_id").GetInt64() == user.Id);

        Assert.Equal(user.Email, registered.GetProperty("email").GetString());
        Assert.Equal(user.Username, registered.GetProperty("username").GetString());
        Assert.Equal("Eve", registered.GetProperty("display_name").GetString());
        Assert.Equal("UserRegistered", registered.GetProperty("__event_type__").GetString());
        Assert.NotEqual(Guid.Empty, registered.GetProperty("event_id").GetGuid());
    }

    [Fact]
    public async Task Profile_update_publishes_UserProfileUpdated_with_the_username()
    {
        var users = new BusProbe(factory.Broker, Topics.UserEvents);
        var user = await _client.RegisterAndLoginAsync();

        await _client.SendAsync(HttpMethod.Put, "/api/profile/me", user.Token, new { display_name = "New Name", status_message = "hi" });

        var updated = await users.NextAsync("UserProfileUpdated", e => e.GetProperty("user_id").GetInt64() == user.Id);
        Assert.Equal("New Name", updated.GetProperty("display_name").GetString());
        Assert.Equal("hi", updated.GetProperty("status_message").GetString());
        Assert.Equal(user.Username, updated.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Login_and_logout_publish_online_status_changes()
    {
        var presence = new BusProbe(factory.Broker, Topics.UserOnlineStatus);
        var user = await _client.RegisterAndLoginAsync();

        var online = await presence.NextAsync("UserOnlineStatusChanged", e => e.GetProperty("user_id").GetInt64() == user.Id);
        await _client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token);
        var offline = await presence.NextAsync("UserOnlineStatusChanged",
            e => e.GetProperty("user_id").GetInt64() == user.Id && !e.GetProperty("is_online").GetBoolean());

        Assert.True(online.GetProperty("is_online").GetBoolean());
        Assert.EndsWith("Z", offline.GetProperty("last_seen_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_and_heartbeat_of_an_online_user_publish_nothing_new()
    {
        var presence = new BusProbe(factory.Broker, Topics.UserOnlineStatus);
        var user = await _client.RegisterAndLoginAsync();
        var online = await presence.NextAsync("UserOnlineStatusChanged", e => e.GetProperty("user_id").GetInt64() == user.Id);
        Assert.True(online.GetProperty("is_online").GetBoolean());

        await _client.SendAsync(HttpMethod.Post, "/api/online-status/heartbeat", user.Token);
        await _client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = user.Password });
        await _client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token);

        var first = await presence.NextAsync("UserOnlineStatusChanged", e => e.GetProperty("user_id").GetInt64() == user.Id);
        Assert.False(first.GetProperty("is_online").GetBoolean());
    }
}
