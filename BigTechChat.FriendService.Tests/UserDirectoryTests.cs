using System.Net;
using BigTechChat.EventBus;
using BigTechChat.FriendService.Model;
using BigTechChat.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.FriendService.Tests;

/// <summary>Names come from the service's own directory copy: events first, the user service only on a miss.</summary>
public sealed class UserDirectoryTests : FriendServiceTest
{
    [Fact]
    public async Task Users_known_from_user_registered_events_are_named_without_calling_the_user_service()
    {
        var alice = await Factory.RegisterUserAsync("alice", "Alice A");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
        var requests = await (await bob.GetAsync("/api/friends/requests")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(alice.Username, Assert.Single(requests.GetProperty("received_requests").EnumerateArray()).Str("username"));
        await (await bob.RespondAsync(alice.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
        var friends = await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK);

        var friend = Assert.Single(friends.EnumerateArray());
        Assert.Equal(bob.Username, friend.Str("username"));
        Assert.Equal("Bob B", friend.Str("display_name"));
        Assert.Equal(0, Factory.UserService.Calls);
    }

    [Fact]
    public async Task A_user_missing_from_the_directory_is_fetched_from_the_user_service_once_and_kept()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = Factory.UserKnownOnlyToUserService("bob");

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(1, Factory.UserService.Calls);
        await (await bob.RespondAsync(alice.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
        var friends = await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK);

        var friend = Assert.Single(friends.EnumerateArray());
        Assert.Equal(bob.Username, friend.Str("username"));
        Assert.Equal("BOB", friend.Str("display_name"));
        Assert.Equal(1, Factory.UserService.Calls);
    }

    [Fact]
    public async Task Profile_and_presence_events_update_what_the_friend_list_shows()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");
        await alice.MakeFriendsAsync(bob);
        var publisher = Factory.Services.GetRequiredService<IEventPublisher>();
        var seen = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        await publisher.PublishAsync(new UserProfileUpdated(bob.Id, "Bobby", null), TestContext.Current.CancellationToken);
        await publisher.PublishAsync(new UserOnlineStatusChanged(bob.Id, true, seen), TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(async () =>
        {
            var friend = (await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK))[0];
            return friend.Str("display_name") == "Bobby" && friend.GetProperty("is_online").GetBoolean()
                && friend.Str("last_seen_at") == "2026-01-02T03:04:05.000Z";
        }, "profile and presence reached the friend list");
    }

    [Fact]
    public async Task A_user_unknown_everywhere_is_404_as_a_target_and_skipped_in_lists_never_shown_as_unknown()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await alice.MakeFriendsAsync(bob);
        const long ghost = 987_654_321;

        await (await alice.SendRequestAsync(ghost)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Target user not found");
        await (await alice.PostAsync($"/api/friends/block/{ghost}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await Factory.InDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var friendship = Friendship.Request(ghost, alice.Id, null, now);
            friendship.Accept(now);
            db.Friendships.Add(friendship);
            db.Friendships.Add(Friendship.Request(ghost + 1, alice.Id, null, now));
            db.UserBlocks.Add(new UserBlock { BlockerId = alice.Id, BlockedId = ghost + 2, CreatedAt = now });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var friends = await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal([bob.Username], friends.EnumerateArray().Select(f => f.Str("username")));
        var requests = await (await alice.GetAsync("/api/friends/requests")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty(requests.GetProperty("received_requests").EnumerateArray());
        Assert.Empty((await (await alice.GetAsync("/api/friends/blocked")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task A_directory_miss_while_the_user_service_is_down_is_503_not_500()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = Factory.UserKnownOnlyToUserService("bob");
        Factory.UserService.Down = true;

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "User service unavailable");

        Factory.UserService.Down = false;
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_redelivered_user_event_changes_nothing()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");
        await alice.MakeFriendsAsync(bob);
        var publisher = Factory.Services.GetRequiredService<IEventPublisher>();
        var registered = new UserRegistered(bob.Id, "bob@example.com", bob.Username, "Bob Registered");
        var ct = TestContext.Current.CancellationToken;

        await publisher.PublishAsync(registered, ct);
        await publisher.PublishAsync(new UserProfileUpdated(bob.Id, "Bob Renamed", null), ct);
        await Eventually.TrueAsync(async () =>
            (await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK))[0].Str("display_name") == "Bob Renamed",
            "the rename reached the directory");
        await publisher.PublishAsync(registered, ct);
        await Factory.RegisterUserAsync("marker"); // Same topic, later: once it is in, the redelivery was handled.

        var friend = (await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK))[0];
        Assert.Equal("Bob Renamed", friend.Str("display_name"));
    }

    [Fact]
    public async Task Presence_changes_skip_the_inbox_and_a_redelivered_or_older_one_changes_nothing()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await alice.MakeFriendsAsync(bob);
        var publisher = Factory.Services.GetRequiredService<IEventPublisher>();
        var ct = TestContext.Current.CancellationToken;
        var now = DateTime.UtcNow;
        var online = new UserOnlineStatusChanged(bob.Id, true, now) { Timestamp = now };

        await publisher.PublishAsync(online, ct);
        await publisher.PublishAsync(online, ct);
        await publisher.PublishAsync(new UserOnlineStatusChanged(bob.Id, false, now.AddMinutes(-1)) { Timestamp = now.AddMinutes(-1) }, ct);
        var marker = new UserOnlineStatusChanged(alice.Id, true, now) { Timestamp = now };
        await publisher.PublishAsync(marker, ct);
        await Eventually.TrueAsync(async () =>
            await Factory.InDbAsync(db => db.DirectoryUsers.AnyAsync(u => u.Id == alice.Id && u.IsOnline, ct)),
            "the marker, published after the others on the same topic, reached the directory");

        var friend = (await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK))[0];
        Assert.True(friend.GetProperty("is_online").GetBoolean());
        var consumers = await Factory.InDbAsync(db => db.ProcessedEvents.Select(p => p.Consumer).Distinct().ToListAsync(ct));
        Assert.Contains(consumers, consumer => consumer.EndsWith("UserRegisteredHandler`1", StringComparison.Ordinal));
        Assert.DoesNotContain(consumers, consumer => consumer.Contains("UserOnlineStatusChangedHandler", StringComparison.Ordinal));
    }
}
