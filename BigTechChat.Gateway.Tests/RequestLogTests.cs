using System.Globalization;
using System.Net;
using BigTechChat.Gateway.Edge;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BigTechChat.Gateway.Tests;

public sealed class RequestLogTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_in_the_query_string_never_reaches_the_logs()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();
        var token = gateway.IssueToken();
        backends.Chat.ReleaseSecondEvent.TrySetResult();

        using var stream = await client.GetAsync($"/api/messages/stream/4?access_token={token}&last_event_id=3", TestContext.Current.CancellationToken);
        using var refused = await client.GetAsync($"/api/messages/stream/4?access_token={token}x", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var logs = gateway.Logs.ToArray();
        Assert.DoesNotContain(logs, line => line.Contains(token[..40], StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("/api/messages/stream/4?access_token=[redacted]&last_event_id=3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StatusCodes.Status503ServiceUnavailable, "1", LogLevel.Debug)]
    [InlineData(StatusCodes.Status503ServiceUnavailable, null, LogLevel.Warning)]
    [InlineData(StatusCodes.Status500InternalServerError, null, LogLevel.Warning)]
    [InlineData(StatusCodes.Status502BadGateway, null, LogLevel.Warning)]
    [InlineData(StatusCodes.Status504GatewayTimeout, null, LogLevel.Warning)]
    public async Task A_service_refusal_with_retry_after_is_logged_at_debug_and_other_server_errors_at_warning(int status, string? retryAfter, LogLevel level)
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();
        var requestId = $"answer-{status}-{retryAfter ?? "bare"}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/chat-rooms");
        request.Headers.Add(EdgeHeaders.RequestId, requestId);
        request.Headers.Add(FakeBackend.AnswerStatusHeader, status.ToString(CultureInfo.InvariantCulture));
        if (retryAfter is not null)
        {
            request.Headers.Add(FakeBackend.AnswerRetryAfterHeader, retryAfter);
        }

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(level, await LoggedLevelAsync(gateway, requestId));
    }

    [Fact]
    public async Task The_gateways_own_refusals_are_logged_at_debug()
    {
        await using var gateway = GatewayFactory.For(backends, ("ConnectionLimits:MaxConcurrentStreams", "1"), ("RateLimiting:PermitsPerMinute", "2"));
        using var client = gateway.CreateAuthorizedClient();
        using var held = await client.GetAsync("/api/online-status/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);

        using var streamRefused = await SendAsync(client, "/api/online-status/stream", "stream-refused");
        using var rateLimited = await SendAsync(client, "/api/chat-rooms", "rate-limited");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, streamRefused.StatusCode);
        Assert.NotNull(streamRefused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, rateLimited.StatusCode);
        Assert.Equal(LogLevel.Debug, await LoggedLevelAsync(gateway, "stream-refused"));
        Assert.Equal(LogLevel.Debug, await LoggedLevelAsync(gateway, "rate-limited"));
    }

    [Fact]
    public void Secret_query_values_are_redacted_whatever_their_case_and_the_rest_is_kept()
    {
        var query = new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["Access_Token"] = "eyJ.secret",
            ["password"] = "hunter2",
            ["limit"] = "50",
        });

        var logged = Edge.RequestLog.RedactQuery(query);

        Assert.Equal("?Access_Token=[redacted]&password=[redacted]&limit=50", logged);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(EdgeHeaders.RequestId, requestId);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }

    /// <summary>The level of the access-log line of <paramref name="requestId"/>, written when the gateway's pipeline unwinds.</summary>
    private static async Task<LogLevel> LoggedLevelAsync(GatewayFactory gateway, string requestId)
    {
        const string category = "BigTechChat.Gateway.Requests ";
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var line = gateway.Logs.FirstOrDefault(l => l.StartsWith(category, StringComparison.Ordinal) && l.Contains($"(request {requestId})", StringComparison.Ordinal));
            if (line is not null)
            {
                return Enum.Parse<LogLevel>(line[category.Length..line.IndexOf(':', StringComparison.Ordinal)]);
            }

            Assert.True(DateTime.UtcNow < until, $"no access-log line for request {requestId}");
            await Task.Delay(10, Ct);
        }
    }
}
