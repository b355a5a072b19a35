using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BigTechChat.ApiConventions;
using BigTechChat.Security;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Tests;

public sealed class EdgeAuthenticationTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    public static TheoryData<string> ProtectedPaths =>
        ["/api/profile/me", "/api/users/1", "/api/online-status/friends", "/api/friends/list", "/api/chat-rooms", "/api/messages/3", "/api/auth/logout"];

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Protected_paths_without_a_token_are_refused_at_the_edge(string path)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        await AssertUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await using var gateway = GatewayFactory.For(backends);
        var forger = new TokenIssuer(Options.Create(new JwtOptions { SigningKey = "an-attacker-key-that-is-long-enough-to-sign" }), TimeProvider.System);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forger.Issue(1, "a@b.io", "mallory").AccessToken);

        using var response = await client.GetAsync("/api/profile/me", TestContext.Current.CancellationToken);

        await AssertUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        await using var gateway = GatewayFactory.For(backends);
        var threeHoursAgo = new ShiftedClock(TimeSpan.FromHours(-3));
        var issuer = new TokenIssuer(Options.Create(new JwtOptions()), threeHoursAgo);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(1, "a@b.io", "alice").AccessToken);

        using var response = await client.GetAsync("/api/chat-rooms", TestContext.Current.CancellationToken);

        await AssertUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task A_garbage_token_is_refused()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");

        using var response = await client.GetAsync("/api/friends/list", TestContext.Current.CancellationToken);

        await AssertUnauthorizedProblemAsync(response);
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/login/json")]
    public async Task Registration_and_login_pass_without_a_token(string path)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        using var response = await client.PostAsJsonAsync(path, new { email = "a@b.io" }, TestContext.Current.CancellationToken);
        var echoed = await response.Content.ReadFromJsonAsync<EchoedRequest>(ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("user", path), (echoed!.Service, echoed.Path));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs")]
    public async Task Infrastructure_and_docs_need_no_token(string path)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_in_the_query_opens_a_stream()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();
        backends.Chat.ReleaseSecondEvent.TrySetResult();

        using var response = await client.GetAsync($"/api/messages/stream/5?access_token={gateway.IssueToken()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertUnauthorizedProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCodes.Authentication, problem!["error"].ToString());
        Assert.False(problem.ContainsKey("service"), "the request must not have reached a back end");
    }

    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
