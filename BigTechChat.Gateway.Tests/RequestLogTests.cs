using System.Net;

namespace BigTechChat.Gateway.Tests;

public sealed class RequestLogTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
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
}
