using System.Net;
using BigTechChat.Gateway.WebClient;

namespace BigTechChat.Gateway.Tests;

public sealed class WebClientTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    public static TheoryData<string, string> ClientFiles => new()
    {
        { "/", "text/html" },
        { "/index.html", "text/html" },
        { "/app.js", "text/javascript" },
        { "/views/room.js", "text/javascript" },
        { "/styles.css", "text/css" },
        { "/favicon.svg", "image/svg+xml" },
    };

    [Theory]
    [MemberData(nameof(ClientFiles))]
    public async Task The_web_client_is_served_without_a_token_under_its_own_content_security_policy(string path, string mediaType)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebClientFiles.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void The_client_policy_allows_only_same_origin_scripts_styles_and_connections()
    {
        var directives = WebClientFiles.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries);

        Assert.Contains("default-src 'none'", directives);
        Assert.Contains("script-src 'self'", directives);
        Assert.Contains("style-src 'self'", directives);
        Assert.Contains("connect-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.DoesNotContain(directives, d => d.Contains("unsafe", StringComparison.Ordinal) || d.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_responses_keep_the_strict_api_policy_next_to_the_client()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();

        using var api = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        using var unknown = await client.GetAsync("/no-such-file.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.StartsWith("default-src 'none'; frame-ancestors", Assert.Single(api.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("default-src 'none'; frame-ancestors", Assert.Single(unknown.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_the_client_spends_none_of_the_api_rate_limit()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "2"));
        using var client = gateway.CreateAuthorizedClient();

        for (var i = 0; i < 5; i++)
        {
            using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var first = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        using var second = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        using var third = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [first.StatusCode, second.StatusCode, third.StatusCode]);
    }
}
