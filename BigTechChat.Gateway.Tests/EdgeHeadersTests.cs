using System.Net;
using System.Net.Http.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

public sealed class EdgeHeadersTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    [Fact]
    public async Task A_request_id_is_generated_forwarded_and_echoed()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();

        using var response = await client.GetAsync("/api/profile/me", TestContext.Current.CancellationToken);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(ApiJson.Options, TestContext.Current.CancellationToken);

        var requestId = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        Assert.Equal(requestId, echoed!.Headers["X-Request-ID"]);
    }

    [Fact]
    public async Task A_client_request_id_is_kept_and_echoed()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();
        client.DefaultRequestHeaders.Add("X-Request-ID", "trace-me-42");

        using var response = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal("trace-me-42", Assert.Single(response.Headers.GetValues("X-Request-ID")));
        Assert.Equal("trace-me-42", echoed!.Headers["X-Request-ID"]);
    }

    [Fact]
    public async Task A_request_id_that_could_forge_log_lines_is_replaced()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Request-ID", "evil id\" with spaces");

        using var response = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);

        var requestId = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.Matches("^[0-9a-f]{32}$", requestId);
    }

    [Fact]
    public async Task Client_supplied_identity_headers_never_reach_a_service()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();
        client.DefaultRequestHeaders.Add("X-User-ID", "1");
        client.DefaultRequestHeaders.Add("x-user-email", "admin@example.com");
        client.DefaultRequestHeaders.Add("X-User-Roles", "admin");

        var echoed = await client.GetFromJsonAsync<EchoedRequest>("/api/chat-rooms", ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(echoed!.Headers.Keys, name => name.StartsWith("X-User-", StringComparison.OrdinalIgnoreCase));
        Assert.True(echoed.Headers.ContainsKey("Authorization"), "the bearer token itself is forwarded for the service to validate");
    }

    [Theory]
    [InlineData("/api/profile/me", true)]
    [InlineData("/api/profile/me", false)]
    [InlineData("/health", false)]
    public async Task Every_response_carries_the_security_headers(string path, bool authorized)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = authorized ? gateway.CreateAuthorizedClient() : gateway.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_preflight_is_answered_without_a_token()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/messages/3");
        preflight.Headers.Add("Origin", "https://chat.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await client.SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Configured_origins_are_the_only_ones_allowed()
    {
        await using var gateway = GatewayFactory.For(backends, ("Gateway:AllowedOrigins:0", "https://chat.example.com"));
        using var client = gateway.CreateClient();

        async Task<HttpResponseMessage> PreflightFrom(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/auth/login");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            return await client.SendAsync(preflight, TestContext.Current.CancellationToken);
        }

        using var allowed = await PreflightFrom("https://chat.example.com");
        using var refused = await PreflightFrom("https://evil.example.net");

        Assert.Equal("https://chat.example.com", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
