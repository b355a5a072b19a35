using System.Net;
using System.Net.Http.Json;

namespace BigTechChat.UserService.Tests;

public sealed class HashingIsolationTests
{
    [Fact]
    public async Task A_burst_of_logins_queues_on_the_hashing_pool_while_other_endpoints_answer()
    {
        await using var factory = new UserServiceFactory
        {
            Settings = { ["Passwords:WorkFactor"] = "9", ["Passwords:MaxConcurrency"] = "1" },
        };
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();

        var logins = Enumerable.Range(0, 8)
            .Select(_ => client.PostAsJsonAsync("/api/auth/login/json", new { email = user.Email, password = user.Password }))
            .ToArray();
        var profile = await client.GetAsync("/api/profile/me", user.Token);

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains(logins, login => !login.IsCompleted);
        Assert.All(await Task.WhenAll(logins), login => Assert.Equal(HttpStatusCode.OK, login.StatusCode));
    }
}
