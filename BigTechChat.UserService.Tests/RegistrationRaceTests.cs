using System.Net;
using System.Net.Http.Json;
using BigTechChat.Testing;
using static BigTechChat.UserService.Tests.UserApiClient;

namespace BigTechChat.UserService.Tests;

public sealed class RegistrationRaceTests(UserServiceFactory factory) : IClassFixture<UserServiceFactory>
{
    [Fact]
    public async Task Concurrent_registrations_of_one_email_give_one_201_and_409s_for_the_rest()
    {
        var client = factory.CreateClient();
        var email = $"{UniqueName("race")}@example.com";

        var errors = new ServerErrorTally();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i => await errors.CheckAsync(await
            client.PostAsJsonAsync("/api/auth/register", new { email, username = UniqueName("racer"), password = Password }))));

        errors.AssertNone(factory.LoggedErrors);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "resource_conflict");
            Assert.Equal("Email already registered", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_username_give_one_201()
    {
        var client = factory.CreateClient();
        var username = UniqueName("same");

        var errors = new ServerErrorTally();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i => await errors.CheckAsync(await
            client.PostAsJsonAsync("/api/auth/register", new { email = $"{UniqueName()}@example.com", username, password = Password }))));

        errors.AssertNone(factory.LoggedErrors);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Eleventh_login_attempt_in_a_minute_for_one_account_is_429_with_retry_after()
    {
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 10; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = "Wrong#999" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var otherUser = await client.RegisterAndLoginAsync();
        Assert.NotEmpty(otherUser.Token);
    }
}
