using System.Net;
using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;
using BigTechChat.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.FriendService.Tests;

/// <summary>
/// <c>user.online_status</c> and <c>user.events</c> are separate topics: a new user's first presence event may overtake
/// their registration and must not be lost (run on SQLite and on MariaDB).
/// </summary>
public abstract class PresenceBeforeRegistrationTests : FriendServiceTest
{
    [Fact]
    public async Task Presence_that_arrives_before_the_registration_event_is_kept_and_shown_once_the_user_is_named()
    {
        var bobId = Factory.NextUserId();
        var seen = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Factory.Services.GetRequiredService<InProcessBroker>().Join(Topics.UserOnlineStatus, "friend-service");
        await Factory.Services.GetRequiredService<IEventPublisher>()
            .PublishAsync(new UserOnlineStatusChanged(bobId, true, seen) { Timestamp = seen }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(
            () => Factory.InDbAsync(db => db.DirectoryUsers.AnyAsync(u => u.Id == bobId, TestContext.Current.CancellationToken)),
            "the presence event was handled");

        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync(bobId, "bob", "Bob B");
        await alice.MakeFriendsAsync(bob);

        var friend = Assert.Single((await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(bob.Username, friend.Str("username"));
        Assert.True(friend.GetProperty("is_online").GetBoolean());
        Assert.Equal("2026-01-02T03:04:05.000Z", friend.Str("last_seen_at"));
    }

    [Fact]
    public async Task A_user_known_only_by_presence_is_named_from_the_user_service_and_keeps_the_presence()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = Factory.UserKnownOnlyToUserService("bob");
        var seen = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Factory.Services.GetRequiredService<InProcessBroker>().Join(Topics.UserOnlineStatus, "friend-service");
        await Factory.Services.GetRequiredService<IEventPublisher>()
            .PublishAsync(new UserOnlineStatusChanged(bob.Id, true, seen) { Timestamp = seen }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(
            () => Factory.InDbAsync(db => db.DirectoryUsers.AnyAsync(u => u.Id == bob.Id, TestContext.Current.CancellationToken)),
            "the presence event was handled");

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
        var stored = await Factory.InDbAsync(db => db.DirectoryUsers.SingleAsync(u => u.Id == bob.Id, TestContext.Current.CancellationToken));

        Assert.Equal(1, Factory.UserService.Calls);
        Assert.Equal(bob.Username, stored.Username);
        Assert.True(stored.IsOnline);
    }
}

public sealed class SqlitePresenceBeforeRegistrationTests : PresenceBeforeRegistrationTests;

public sealed class MariaDbPresenceBeforeRegistrationTests : PresenceBeforeRegistrationTests
{
    protected override Task<FriendServiceFactory> CreateFactoryAsync() => FriendServiceFactory.OnMariaDbAsync();
}
