using System.Net;
using System.Text.Json;

namespace BigTechChat.Gateway.Tests;

public sealed class HealthTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    [Fact]
    public async Task Health_reports_every_service_healthy()
    {
        await using var gateway = GatewayFactory.For(backends);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status", "services"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["user", "friend", "chat"], body.RootElement.GetProperty("services").EnumerateObject().Select(p => p.Name));
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        foreach (var service in new[] { "user", "friend", "chat" })
        {
            Assert.Equal("healthy", body.RootElement.GetProperty("services").GetProperty(service).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_service_that_never_answers_is_reported_within_the_probe_timeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections into the backlog but never answers
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
        await using var gateway = GatewayFactory.For(backends, ("services:user:http:0", address), ("Gateway:HealthProbeTimeout", "00:00:01"));
        using var client = gateway.CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Health_is_503_and_names_the_service_that_is_down()
    {
        await using var gateway = GatewayFactory.For(backends, ("services:chat:http:0", FakeBackend.UnusedAddress().ToString()));
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var services = body.RootElement.GetProperty("services");
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("healthy", services.GetProperty("user").GetProperty("status").GetString());
        Assert.Equal("healthy", services.GetProperty("friend").GetProperty("status").GetString());
        Assert.NotEqual("healthy", services.GetProperty("chat").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_probe_stays_200_while_one_back_end_is_down()
    {
        await using var gateway = GatewayFactory.For(backends, ("services:chat:http:0", FakeBackend.UnusedAddress().ToString()));
        using var client = gateway.CreateClient();

        using var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var authorized = gateway.CreateAuthorizedClient();
        using var user = await authorized.GetAsync("/api/users/1", TestContext.Current.CancellationToken);

        // Kubernetes' readiness probe is /alive (deploy/k8s/base/apps/gateway.yaml): the gateway stays in the Ingress.
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
    }
}
