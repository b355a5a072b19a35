using System.Net;
using System.Net.Http.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

public sealed class RoutingTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    public static TheoryData<string, string> Prefixes => new()
    {
        { "/api/auth/logout", "user" },
        { "/api/profile/me", "user" },
        { "/api/users/search?query=bob&limit=5", "user" },
        { "/api/online-status/friends", "user" },
        { "/api/friends/list", "friend" },
        { "/api/friends/status/12", "friend" },
        { "/api/chat-rooms/check/42", "chat" },
        { "/api/chat-rooms?skip=0&limit=10", "chat" },
        { "/api/messages/17?limit=50&before_seq=9", "chat" },
        { "/api/events/stream?last_event_id=abc.1", "chat" },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Each_prefix_reaches_its_service_with_path_and_query_unchanged(string target, string service)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();

        var echoed = await client.GetFromJsonAsync<EchoedRequest>(target, ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.NotNull(echoed);
        Assert.Equal(service, echoed.Service);
        Assert.Equal(target, echoed.Path + echoed.Query);
    }

    [Fact]
    public async Task Request_bodies_and_methods_are_forwarded()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.PutAsJsonAsync("/api/friends/status/3", new { action = "accept" }, TestContext.Current.CancellationToken);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", echoed!.Method);
        Assert.Equal("/api/friends/status/3", echoed.Path);
    }

    [Fact]
    public async Task Unknown_paths_are_not_forwarded()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.GetAsync("/api/profiles-of-nobody", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_service_that_is_down_answers_a_problem_instead_of_hanging()
    {
        await using var gateway = GatewayFactory.For(backends, ("services:friend:http:0", FakeBackend.UnusedAddress().ToString()));
        using var client = gateway.CreateAuthorizedClient();
        client.Timeout = TimeSpan.FromSeconds(20);

        using var response = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ErrorCodes.ServiceUnavailable, problem!["error"].ToString());
        Assert.Equal("The friend service is unavailable", problem["detail"].ToString());
    }

    [Fact]
    public async Task A_service_that_accepts_but_never_answers_times_out_as_504()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // connections wait in the backlog; nothing ever answers
        var address = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await using var gateway = GatewayFactory.For(backends, ("services:chat:http:0", address), ("Gateway:RequestTimeout", "00:00:01"));
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.GetAsync("/api/chat-rooms", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ErrorCodes.ServiceUnavailable, problem!["error"].ToString());
    }
}
