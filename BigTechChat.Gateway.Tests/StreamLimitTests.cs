using System.Net;
using System.Text.Json;

namespace BigTechChat.Gateway.Tests;

/// <summary>Issue 9: the gateway refuses proxied streams past its limit with 503 + Retry-After and keeps proxying.</summary>
public sealed class StreamLimitTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_past_the_limit_get_503_with_retry_after_and_ordinary_requests_still_pass()
    {
        await using var gateway = Limited(backends);
        using var client = gateway.CreateAuthorizedClient();
        using var chat = await OpenAsync(client, "/api/messages/stream/1");
        using var presence = await OpenAsync(client, "/api/online-status/stream");

        using var refused = await client.GetAsync("/api/messages/stream/2", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(4), refused.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal("service_unavailable", problem.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/chat-rooms", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_closed_proxied_stream_frees_its_slot()
    {
        await using var gateway = Limited(backends);
        using var client = gateway.CreateAuthorizedClient();
        using var kept = await OpenAsync(client, "/api/messages/stream/1");
        (await OpenAsync(client, "/api/messages/stream/2")).Dispose();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var next = await client.GetAsync("/api/messages/stream/3", HttpCompletionOption.ResponseHeadersRead, Ct);
            if (next.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the freed slot never admitted a new stream");
            await Task.Delay(20, Ct);
        }
    }

    private static GatewayFactory Limited(FakeBackends backends) =>
        GatewayFactory.For(backends, ("ConnectionLimits:MaxConcurrentStreams", "2"), ("ConnectionLimits:RetryAfter", "00:00:04"));

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}
