using System.Net;
using System.Net.Http.Json;
using BigTechChat.ServiceDefaults.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigTechChat.Gateway.Tests;

/// <summary>Issue 10 target 3: the gateway→service hop over h2c multiplexes streams and keeps them unbuffered.</summary>
public sealed class Http2HopTests(Http2FakeBackends backends) : IClassFixture<Http2FakeBackends>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_sent_events_through_the_h2c_hop_arrive_frame_by_frame_and_end_with_the_service()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        var backend = await FakeBackend.StartAsync("chat", Http2FakeBackends.StreamsPerConnection);
        await using var _ = backend;
        await using var own = GatewayFactory.For(backends, ("services:chat:h2c:0", backend.Http2Address!.ToString()));
        using var ownClient = own.CreateAuthorizedClient();

        using var response = await ownClient.GetAsync("/api/messages/stream/9", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var first = await reader.ReadLineAsync(deadline.Token);
        Assert.False(backend.ReleaseSecondEvent.Task.IsCompleted, "the second event must not exist yet");
        backend.ReleaseSecondEvent.SetResult();
        var rest = await reader.ReadToEndAsync(deadline.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("event: connected", first);
        Assert.Contains("event: new_message", rest, StringComparison.Ordinal);
        Assert.Equal(["HTTP/2"], backend.StreamProtocols);
    }

    [Fact]
    public async Task Many_proxied_streams_share_a_few_h2c_connections_and_open_more_when_one_is_full()
    {
        const int streams = 250;
        var backend = await FakeBackend.StartAsync("chat", Http2FakeBackends.StreamsPerConnection);
        await using var _ = backend;
        // More streams than the per-client request rate allows a minute.
        await using var gateway = GatewayFactory.For(backends, ("services:chat:h2c:0", backend.Http2Address!.ToString()), ("RateLimiting:Enabled", "false"));
        using var client = gateway.CreateAuthorizedClient();

        var responses = await Task.WhenAll(Enumerable.Range(1, streams).Select(room =>
            client.GetAsync($"/api/messages/stream/{room}", HttpCompletionOption.ResponseHeadersRead, Ct)));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(streams, backend.OpenStreams);
            // 250 streams at 100 per connection: 3 connections; a few more if streams raced for a new one.
            Assert.InRange(backend.Http2Connections, 3, 6);
            Assert.All(backend.StreamProtocols, p => Assert.Equal("HTTP/2", p));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Ordinary_requests_and_errors_keep_their_answers_over_the_h2c_hop()
    {
        await using var gateway = GatewayFactory.For(backends, ("services:friend:h2c:0", FakeBackend.UnusedAddress().ToString()));
        using var client = gateway.CreateAuthorizedClient();

        using var echoed = await client.GetAsync("/api/chat-rooms?x=1", Ct);
        using var down = await client.GetAsync("/api/friends", Ct);

        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        var request = await echoed.Content.ReadFromJsonAsync<EchoedRequest>(Ct);
        Assert.Equal("/api/chat-rooms", request!.Path);
        // HTTP/2 sends header names in lower case (RFC 9113 §8.2.1); the echo's dictionary is case-sensitive after JSON.
        Assert.Equal(echoed.Headers.GetValues("X-Request-ID").Single(), request.Headers["x-request-id"]);
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_service_speaks_h2c_on_its_http2_cleartext_port_and_http11_on_its_own_port()
    {
        var http2Port = FakeBackend.UnusedAddress().Port;
        var http1Port = FakeBackend.UnusedAddress().Port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Http2Cleartext:Port"] = http2Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.WebHost.UseUrls($"http://127.0.0.1:{http1Port}", $"http://127.0.0.1:{http2Port}");
        builder.AddHttp2Cleartext();
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Request.Protocol);
        await app.StartAsync(Ct);
        using var http = new HttpClient();

        using var h2c = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{http2Port}/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        }, Ct);
        var http11 = await http.GetStringAsync($"http://127.0.0.1:{http1Port}/", Ct);

        Assert.Equal("HTTP/2", await h2c.Content.ReadAsStringAsync(Ct));
        Assert.Equal("HTTP/1.1", http11);
        await app.StopAsync(Ct);
    }
}
