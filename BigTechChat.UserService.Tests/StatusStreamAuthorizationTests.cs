using BigTechChat.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Tests;

/// <summary>The presence stream is authorised once, when it opens; it ends when that token stops being valid (docs/api.md, Streams).</summary>
public sealed class StatusStreamAuthorizationTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Logout_ends_the_presence_stream_opened_with_that_token()
    {
        await using var factory = new UserServiceFactory();
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        await using var stream = await SseReader.OpenAsync(client, "/api/online-status/stream", user.Token);

        (await client.SendAsync(HttpMethod.Post, "/api/auth/logout", user.Token)).EnsureSuccessStatusCode();

        Assert.True(await stream.EndsWithinAsync(Prompt), "the presence stream outlived its revoked token");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/online-status/stream", user.Token)).StatusCode);
    }

    [Fact]
    public async Task Logout_of_another_session_leaves_the_stream_open()
    {
        await using var factory = new UserServiceFactory { Settings = { ["Presence:StreamPingInterval"] = "00:00:00.200" } };
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        var otherSession = await client.LoginAsync(user.Email, user.Password);
        await using var stream = await SseReader.OpenAsync(client, "/api/online-status/stream", user.Token);

        (await client.SendAsync(HttpMethod.Post, "/api/auth/logout", otherSession)).EnsureSuccessStatusCode();

        await stream.WaitForPingsAsync(5);
    }

    [Fact]
    public async Task Presence_stream_ends_when_its_token_expires()
    {
        await using var factory = new UserServiceFactory { Settings = { ["Jwt:ClockSkew"] = "00:00:00" } };
        var client = factory.CreateClient();
        var user = await client.RegisterAndLoginAsync();
        var configured = factory.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var shortLived = new TokenIssuer(Options.Create(new JwtOptions
        {
            Issuer = configured.Issuer,
            Audience = configured.Audience,
            SigningKey = configured.SigningKey,
            AccessTokenLifetime = TimeSpan.FromSeconds(3),
        }), TimeProvider.System).Issue(user.Id, user.Email, user.Username);
        await using var stream = await SseReader.OpenAsync(client, "/api/online-status/stream", shortLived.AccessToken);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "the presence stream outlived its token");
        Assert.True(DateTime.UtcNow >= shortLived.ExpiresAt.AddSeconds(-1), "the stream ended well before the token expired");
    }
}
