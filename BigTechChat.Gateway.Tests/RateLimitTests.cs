using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

public sealed class RateLimitTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after_and_a_problem_body()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "5"));
        using var client = gateway.CreateAuthorizedClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        var retryAfter = int.Parse(Assert.Single(rejected!.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = await rejected.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCodes.RateLimitExceeded, problem!["error"].ToString());
        Assert.Equal(429, int.Parse(problem["status"].ToString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Login_has_its_own_stricter_limit()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "50"), ("RateLimiting:LoginPermitsPerMinute", "3"));
        using var client = gateway.CreateClient();

        var logins = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync(i % 2 == 0 ? "/api/auth/login" : "/api/auth/login/json", null, TestContext.Current.CancellationToken);
            logins.Add(response.StatusCode);
        }

        using var register = await client.PostAsync("/api/auth/register", null, TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], logins);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
    }

    [Fact]
    public async Task The_default_login_limit_is_ten_per_minute()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        var accepted = 0;
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsync("/api/auth/login", null, TestContext.Current.CancellationToken);
            accepted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(10, accepted);
    }

    [Fact]
    public async Task Clients_behind_a_trusted_proxy_are_limited_one_by_one()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "1"), ("Gateway:TrustedProxies:0", "10.1.0.0/16"));
        gateway.RemoteAddress = IPAddress.Parse("10.1.2.3");

        var first = await GetAsForwardedAsync(gateway, "203.0.113.7");
        var again = await GetAsForwardedAsync(gateway, "203.0.113.7");
        var other = await GetAsForwardedAsync(gateway, "203.0.113.8");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first, again, other]);
    }

    [Fact]
    public async Task Forwarded_addresses_from_untrusted_peers_are_ignored()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "1"));
        gateway.RemoteAddress = IPAddress.Parse("192.0.2.50");

        var first = await GetAsForwardedAsync(gateway, "203.0.113.7");
        var spoofed = await GetAsForwardedAsync(gateway, "203.0.113.99");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [first, spoofed]);
    }

    [Fact]
    public async Task Load_tests_can_switch_the_limiter_off()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:Enabled", "false"), ("RateLimiting:LoginPermitsPerMinute", "1"));
        using var client = gateway.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsync("/api/auth/login", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task<HttpStatusCode> GetAsForwardedAsync(GatewayFactory gateway, string client)
    {
        using var http = gateway.CreateAuthorizedClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        using var response = await http.GetAsync("/api/users/1", TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        await using var gateway = GatewayFactory.For(backends, ("RateLimiting:PermitsPerMinute", "1"));
        using var client = gateway.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
