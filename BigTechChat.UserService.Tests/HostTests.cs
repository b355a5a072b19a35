using System.Net;
using System.Net.Http.Json;
using BigTechChat.Testing;
using BigTechChat.UserService.Passwords;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Tests;

public sealed class HostTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Health_reports_the_user_service_as_healthy()
    {
        var response = await _client.GetAsync("/health", TestContext.Current.CancellationToken);

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("User Service", body.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Docs_and_openapi_document_are_served()
    {
        var docs = await _client.GetAsync("/docs", TestContext.Current.CancellationToken);
        var openApi = await _client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("/api/auth/register", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/online-status/stream", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_expose_user_logins_users_online_and_the_password_hashing_implementation()
    {
        await _client.RegisterAndLoginAsync();

        var metrics = "";
        await UserApiClient.EventuallyAsync(async () =>
        {
            metrics = await _client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            return metrics.Contains("user_logins_total", StringComparison.Ordinal) && metrics.Contains("users_online", StringComparison.Ordinal)
                && metrics.Contains("implementation=\"libxcrypt\"", StringComparison.Ordinal);
        }, "user metrics to be exported");
    }

    [Fact]
    public async Task Health_turns_unhealthy_when_redis_goes_away()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var redisFactory = new UserServiceFactory { Settings = { ["ConnectionStrings:redis"] = redis.ConnectionString } };
        var client = redisFactory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token)).StatusCode);
        await (await client.GetAsync("/api/profile/me", user.Token)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await redis.StopAsync();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (await response.ReadJsonAsync()).GetProperty("status").GetString());
        var login = await client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = user.Password },
            TestContext.Current.CancellationToken);
        await login.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
    }

    [Fact]
    public async Task Hashing_runs_on_at_most_max_concurrency_workers()
    {
        using var hasher = new PasswordHasher(Options.Create(new PasswordOptions { WorkFactor = 4, MaxConcurrency = 2 }), NullLogger<PasswordHasher>.Instance);

        var hashes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => hasher.HashAsync($"pw{i}!", TestContext.Current.CancellationToken)));

        Assert.Equal(2, hasher.WorkerCount);
        Assert.All(hashes, h => Assert.StartsWith("$2", h, StringComparison.Ordinal));
        Assert.True(await hasher.VerifyAsync("pw3!", hashes[3], TestContext.Current.CancellationToken));
        Assert.False(await hasher.VerifyAsync("pw3!", hashes[4], TestContext.Current.CancellationToken));
        Assert.False(await hasher.VerifyAsync("pw3!", null, TestContext.Current.CancellationToken));
        Assert.False(await hasher.VerifyAsync("pw3!", "not-a-hash", TestContext.Current.CancellationToken));
    }
}
