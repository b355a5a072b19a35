using System.Net;
using System.Text.Json;
using BigTechChat.FriendService.Model;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Tests;

/// <summary>The friend flows of API.md §4, run on the embedded SQLite store and on real MariaDB.</summary>
public abstract class FriendFlowTests : FriendServiceTest
{
    [Fact]
    public async Task Sending_a_request_answers_201_with_the_friendship_of_requester_and_target()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");

        var body = await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);

        Assert.True(body.Long("id") > 0);
        Assert.Equal(alice.Id, body.Long("user_id_1"));
        Assert.Equal(bob.Id, body.Long("user_id_2"));
        Assert.Equal("pending", body.Str("status"));
        Assert.EndsWith("Z", body.Str("created_at"), StringComparison.Ordinal);
        Assert.EndsWith("Z", body.Str("updated_at"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("deleted_at").ValueKind);
    }

    [Fact]
    public async Task A_second_request_in_either_direction_is_refused_while_one_is_pending_or_accepted()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Friendship already exists or pending");
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Friendship already exists or pending");

        await (await bob.RespondAsync(alice.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Friendship already exists or pending");
    }

    [Fact]
    public async Task Accepting_makes_both_users_friends_listed_by_username_with_names_and_presence()
    {
        var carol = await Factory.RegisterUserAsync("carol", "Carol C");
        var alice = await Factory.RegisterUserAsync("alice", "Alice A");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");
        await carol.MakeFriendsAsync(bob);
        await (await alice.SendRequestAsync(carol.Id)).ShouldBeAsync(HttpStatusCode.Created);

        var accepted = await (await carol.RespondAsync(alice.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.Str("status"));
        Assert.Equal(alice.Id, accepted.Long("user_id_1"));
        Assert.Equal(carol.Id, accepted.Long("user_id_2"));

        var friends = await (await carol.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal([alice.Username, bob.Username], friends.EnumerateArray().Select(f => f.Str("username")));
        var first = friends[0];
        Assert.Equal(alice.Id, first.Long("user_id"));
        Assert.Equal("Alice A", first.Str("display_name"));
        Assert.Equal(string.Empty, first.Str("email"));
        Assert.False(first.GetProperty("is_online").GetBoolean());
        Assert.True(first.TryGetProperty("last_seen_at", out _));

        var aliceFriends = await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(carol.Id, Assert.Single(aliceFriends.EnumerateArray()).Long("user_id"));
        var check = await (await alice.GetAsync($"/api/friends/check/{carol.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.True(check.GetProperty("are_friends").GetBoolean());
    }

    [Fact]
    public async Task Requests_list_describes_the_other_party_as_received_or_sent()
    {
        var alice = await Factory.RegisterUserAsync("alice", "Alice A");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");
        var carol = await Factory.RegisterUserAsync("carol", "Carol C");
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
        var toCarol = await (await bob.SendRequestAsync(carol.Id)).ShouldBeAsync(HttpStatusCode.Created);

        var requests = await (await bob.GetAsync("/api/friends/requests")).ShouldBeAsync(HttpStatusCode.OK);

        var received = Assert.Single(requests.GetProperty("received_requests").EnumerateArray());
        Assert.Equal(alice.Id, received.Long("user_id"));
        Assert.Equal(alice.Username, received.Str("username"));
        Assert.Equal("Alice A", received.Str("display_name"));
        Assert.Equal(string.Empty, received.Str("email"));
        Assert.Equal("pending", received.Str("status"));
        Assert.Equal("received", received.Str("request_type"));
        Assert.EndsWith("Z", received.Str("created_at"), StringComparison.Ordinal);
        var sent = Assert.Single(requests.GetProperty("sent_requests").EnumerateArray());
        Assert.Equal(toCarol.Long("id"), sent.Long("friendship_id"));
        Assert.Equal(carol.Id, sent.Long("user_id"));
        Assert.Equal("Carol C", sent.Str("display_name"));
        Assert.Equal("sent", sent.Str("request_type"));
    }

    [Fact]
    public async Task Rejecting_answers_the_message_and_allows_a_new_request_later()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);

        var rejected = await (await bob.RespondAsync(alice.Id, "reject")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Friend request rejected successfully", rejected.Str("message"));
        await (await bob.RespondAsync(alice.Id, "accept"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Friend request not found or already processed");

        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
        await (await bob.RespondAsync(alice.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cancelling_an_own_pending_request_allows_a_new_request_later()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);

        await (await bob.DeleteAsync($"/api/friends/request/{alice.Id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var cancelled = await (await alice.DeleteAsync($"/api/friends/request/{bob.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Friend request cancelled successfully", cancelled.Str("message"));
        Assert.Equal(bob.Id, cancelled.Long("target_user_id"));

        await (await alice.DeleteAsync($"/api/friends/request/{bob.Id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await bob.RespondAsync(alice.Id, "accept"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Friend request not found or already processed");
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Removing_a_friend_ends_the_friendship_and_a_second_removal_is_404()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await alice.MakeFriendsAsync(bob);

        var removed = await (await bob.DeleteAsync($"/api/friends/{alice.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Friend removed", removed.Str("message"));
        Assert.Equal(alice.Id, removed.Long("user_id"));

        await (await bob.DeleteAsync($"/api/friends/{alice.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var check = await (await alice.GetAsync($"/api/friends/check/{bob.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.False(check.GetProperty("are_friends").GetBoolean());
        Assert.Empty((await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Blocking_ends_the_friendship_and_neither_side_can_send_a_request()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob", "Bob B");
        await alice.MakeFriendsAsync(bob);

        var block = await (await alice.PostAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(alice.Id, block.Long("blocker_id"));
        Assert.Equal(bob.Id, block.Long("blocked_id"));
        Assert.EndsWith("Z", block.Str("created_at"), StringComparison.Ordinal);

        Assert.Empty((await (await alice.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Empty((await (await bob.GetAsync("/api/friends/list")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
        var check = await (await bob.GetAsync($"/api/friends/check/{alice.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.False(check.GetProperty("are_friends").GetBoolean());
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var blocked = await (await alice.GetAsync("/api/friends/blocked")).ShouldBeAsync(HttpStatusCode.OK);
        var entry = Assert.Single(blocked.EnumerateArray());
        Assert.Equal(bob.Id, entry.Long("user_id"));
        Assert.Equal(bob.Username, entry.Str("username"));
        Assert.Equal("Bob B", entry.Str("display_name"));
        Assert.Equal(block.Str("created_at"), entry.Str("created_at"));
    }

    [Fact]
    public async Task Blocking_ends_a_pending_request_and_unblocking_allows_requests_again()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeAsync(HttpStatusCode.Created);

        await (await alice.PostAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.Created);
        var requests = await (await alice.GetAsync("/api/friends/requests")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty(requests.GetProperty("received_requests").EnumerateArray());
        await (await alice.RespondAsync(bob.Id, "accept")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var unblocked = await (await alice.DeleteAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("User unblocked", unblocked.Str("message"));
        Assert.Equal(bob.Id, unblocked.Long("user_id"));
        await (await alice.DeleteAsync($"/api/friends/block/{bob.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await alice.GetAsync("/api/friends/blocked")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await bob.SendRequestAsync(alice.Id)).ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Blocking_twice_is_idempotent_and_keeps_the_first_block()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");

        var first = await (await alice.PostAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.Created);
        var second = await (await alice.PostAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.Created);

        Assert.Equal(first.Str("created_at"), second.Str("created_at"));
        Assert.Single((await (await alice.GetAsync("/api/friends/blocked")).ShouldBeAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_requests_between_the_same_pair_in_both_directions_create_exactly_one_row()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? alice.SendRequestAsync(bob.Id) : bob.SendRequestAsync(alice.Id)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is 201 or 400, $"unexpected {s}: {string.Join(",", statuses)}"));
        Assert.Single(statuses, s => s == 201);
        var rows = await Factory.InDbAsync(db => db.Friendships.CountAsync(f =>
            (f.RequesterId == alice.Id && f.AddresseeId == bob.Id) || (f.RequesterId == bob.Id && f.AddresseeId == alice.Id), TestContext.Current.CancellationToken));
        Assert.Equal(1, rows);
        var live = await Factory.InDbAsync(db => db.Friendships.SingleAsync(f => f.LivePairKey == Friendship.PairKey(alice.Id, bob.Id), TestContext.Current.CancellationToken));
        Assert.Equal(FriendshipStatus.Pending, live.Status);
    }

    [Fact]
    public async Task A_request_racing_a_block_never_leaves_a_live_request_between_blocked_users()
    {
        var pairs = new List<(TestUser Requester, TestUser Blocker)>();
        for (var i = 0; i < 8; i++)
        {
            pairs.Add((await Factory.RegisterUserAsync("req"), await Factory.RegisterUserAsync("blk")));
        }

        var responses = await Task.WhenAll(pairs.SelectMany(p => new[]
        {
            p.Requester.SendRequestAsync(p.Blocker.Id),
            p.Blocker.PostAsync($"/api/friends/block/{p.Requester.Id}"),
        }));

        Assert.All(responses, r => Assert.True((int)r.StatusCode is 201 or 403, $"unexpected {(int)r.StatusCode}"));
        foreach (var (requester, blocker) in pairs)
        {
            var live = await Factory.InDbAsync(db => db.Friendships.CountAsync(
                f => f.LivePairKey == Friendship.PairKey(requester.Id, blocker.Id), TestContext.Current.CancellationToken));
            Assert.Equal(0, live);
        }
    }
}

public sealed class SqliteFriendFlowTests : FriendFlowTests;

public sealed class MariaDbFriendFlowTests : FriendFlowTests
{
    protected override Task<FriendServiceFactory> CreateFactoryAsync() => FriendServiceFactory.OnMariaDbAsync();
}
