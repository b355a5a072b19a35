using System.Net;

namespace BigTechChat.FriendService.Tests;

/// <summary>The endpoints every service has: health, docs, metrics (API.md §7).</summary>
public sealed class ServiceEndpointTests : FriendServiceTest
{
    [Fact]
    public async Task Health_names_the_friend_service()
    {
        using var client = Factory.CreateClient();

        var health = await (await client.GetAsync("/health", TestContext.Current.CancellationToken)).ShouldBeAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", health.Str("status"));
        Assert.Equal("Friend Service", health.Str("service"));
    }

    [Fact]
    public async Task Docs_list_every_friend_endpoint()
    {
        using var client = Factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ShouldBeAsync(HttpStatusCode.OK);
        var docs = await client.GetAsync("/docs", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(paths, new HashSet<string>
        {
            "/api/friends/request", "/api/friends/status/{requester_user_id}", "/api/friends/list", "/api/friends/requests",
            "/api/friends/request/{target_user_id}", "/api/friends/{friend_user_id}", "/api/friends/check/{user_id}",
            "/api/friends/block/{user_id}", "/api/friends/blocked",
        });
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Metrics_count_friend_requests()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var bob = await Factory.RegisterUserAsync("bob");
        await (await alice.SendRequestAsync(bob.Id)).ShouldBeAsync(HttpStatusCode.Created);

        await Eventually.TrueAsync(async () =>
        {
            var metrics = await alice.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            return metrics.Contains("friend_requests_total{", StringComparison.Ordinal)
                && metrics.Contains("action=\"sent\"", StringComparison.Ordinal);
        }, "friend_requests_total shows the request");
    }
}
