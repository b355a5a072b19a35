using System.Net;
using System.Text.Json;
using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.FriendService.Tests;

/// <summary>Every state change is told on <c>friend.events</c>, through the outbox, with the payloads of API.md §8.</summary>
public sealed class FriendEventTests : FriendServiceTest
{
    [Fact]
    public async Task Each_action_publishes_its_event_on_friend_events()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        var carol = await Factory.RegisterUserAsync("carol");
        var events = Factory.Services.GetRequiredService<InProcessBroker>().Join(Topics.FriendEvents, "friend-event-tests");

        await alice.MakeFriendsAsync(bob);
        await (await alice.DeleteAsync($"/api/friends/{bob.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await alice.SendRequestAsync(carol.Id)).ShouldBeAsync(HttpStatusCode.Created);
        await (await carol.RespondAsync(alice.Id, "reject")).ShouldBeAsync(HttpStatusCode.OK);
        await (await alice.SendRequestAsync(carol.Id)).ShouldBeAsync(HttpStatusCode.Created);
        await (await alice.DeleteAsync($"/api/friends/request/{carol.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await alice.PostAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.Created);
        await (await alice.DeleteAsync($"/api/friends/block/{bob.Id}")).ShouldBeAsync(HttpStatusCode.OK);

        var received = new List<EventEnvelope>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (received.Count < 9)
        {
            received.Add(await events.ReadAsync(timeout.Token));
        }

        Assert.Equal(
            ["FriendRequestSent", "FriendRequestAccepted", "FriendRemoved", "FriendRequestSent", "FriendRequestRejected",
             "FriendRequestSent", "FriendRequestCancelled", "UserBlocked", "UserUnblocked"],
            received.Select(e => e.EventType));
        var lowerId = alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture); // Alice has the lower id of every pair.
        Assert.All(received, e => Assert.Equal(lowerId, e.Key));

        using var accepted = JsonDocument.Parse(received[1].Payload);
        var payload = accepted.RootElement;
        Assert.Equal("FriendRequestAccepted", payload.Str("__event_type__"));
        Assert.True(Guid.TryParse(payload.Str("event_id"), out _));
        Assert.True(payload.Long("friendship_id") > 0);
        Assert.Equal(alice.Id, payload.Long("requester_id"));
        Assert.Equal(alice.Username, payload.Str("requester_name"));
        Assert.Equal(bob.Id, payload.Long("addressee_id"));
        Assert.Equal(bob.Username, payload.Str("addressee_name"));

        using var sent = JsonDocument.Parse(received[0].Payload);
        Assert.Equal(payload.Long("friendship_id"), sent.RootElement.Long("friendship_id"));
        using var blocked = JsonDocument.Parse(received[7].Payload);
        Assert.Equal(alice.Id, blocked.RootElement.Long("blocker_id"));
        Assert.Equal(bob.Id, blocked.RootElement.Long("blocked_id"));
    }

    [Fact]
    public async Task Blocking_a_friend_also_tells_that_the_friendship_ended()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        var events = Factory.Services.GetRequiredService<InProcessBroker>().Join(Topics.FriendEvents, "friend-block-tests");
        await alice.MakeFriendsAsync(bob);

        await (await bob.PostAsync($"/api/friends/block/{alice.Id}")).ShouldBeAsync(HttpStatusCode.Created);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var received = new List<EventEnvelope>();
        while (received.Count < 4)
        {
            received.Add(await events.ReadAsync(timeout.Token));
        }

        Assert.Equal(["FriendRequestSent", "FriendRequestAccepted", "FriendRemoved", "UserBlocked"], received.Select(e => e.EventType));

        // The per-user stream's friend_removed names the friendship that ended (API.md §5).
        using var accepted = JsonDocument.Parse(received[1].Payload);
        using var removed = JsonDocument.Parse(received[2].Payload);
        Assert.Equal(accepted.RootElement.Long("friendship_id"), removed.RootElement.Long("friendship_id"));
    }
}
