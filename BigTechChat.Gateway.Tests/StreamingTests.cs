using System.Net;

namespace BigTechChat.Gateway.Tests;

public sealed class StreamingTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    [Fact]
    public async Task Server_sent_events_pass_through_one_frame_at_a_time()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateAuthorizedClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/messages/stream/9");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));

        var firstFrame = await ReadFrameAsync(reader, deadline.Token);
        Assert.False(backends.Chat.ReleaseSecondEvent.Task.IsCompleted, "the second event must not exist yet");
        backends.Chat.ReleaseSecondEvent.SetResult();
        var secondFrame = await ReadFrameAsync(reader, deadline.Token);

        Assert.Equal(["event: connected", "data: {\"n\":1}"], firstFrame);
        Assert.Equal(["event: new_message", "data: {\"n\":2}"], secondFrame);
    }

    [Fact]
    public async Task Presence_streams_reach_the_user_service()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();
        backends.User.ReleaseSecondEvent.TrySetResult();

        using var response = await client.GetAsync($"/api/online-status/stream?access_token={gateway.IssueToken()}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("event: new_message", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_stream_routes_get_the_long_idle_timeout()
    {
        var options = new GatewayOptions { RequestTimeout = TimeSpan.FromSeconds(30), StreamIdleTimeout = TimeSpan.FromMinutes(20) };

        var clusters = Routing.GatewayRoutes.Clusters(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), options);
        var streamRoutes = Routing.GatewayRoutes.Routes().Where(r => r.Match.Path!.Contains("/stream", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, streamRoutes.Count);
        foreach (var route in Routing.GatewayRoutes.Routes())
        {
            var cluster = clusters.Single(c => c.ClusterId == route.ClusterId);
            var expected = streamRoutes.Contains(route) ? options.StreamIdleTimeout : options.RequestTimeout;
            Assert.Equal(expected, cluster.HttpRequest!.ActivityTimeout);
        }
    }

    private static async Task<List<string>> ReadFrameAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                break;
            }

            lines.Add(line);
        }

        return lines;
    }
}
