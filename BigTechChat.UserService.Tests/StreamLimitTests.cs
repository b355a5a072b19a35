using System.Net;
using System.Text.Json;

namespace BigTechChat.UserService.Tests;

/// <summary>Issue 9: past the configured stream limit a presence stream is refused with 503 + Retry-After; the host keeps serving.</summary>
public sealed class StreamLimitTests : IAsyncLifetime
{
    private readonly UserServiceFactory _factory = new()
    {
        Settings = { ["ConnectionLimits:MaxConcurrentStreams"] = "1", ["ConnectionLimits:RetryAfter"] = "00:00:09" },
    };

    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task The_presence_stream_past_the_limit_gets_503_with_retry_after_and_the_service_keeps_serving()
    {
        var user = await _client.RegisterAndLoginAsync();
        await using var open = await SseReader.OpenAsync(_client, "/api/online-status/stream", user.Token);

        using var refused = await _client.SendAsync(UserApiClient.Authorized(HttpMethod.Get, "/api/online-status/stream", user.Token), HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(9), refused.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal("service_unavailable", problem.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/profile/me", user.Token)).StatusCode);
    }
}
