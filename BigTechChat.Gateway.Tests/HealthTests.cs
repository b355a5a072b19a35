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
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        foreach (var service in new[] { "user", "friend", "chat" })
        {
            Assert.Equal("healthy", body.RootElement.GetProperty("services").GetProperty(service).GetProperty("status").GetString());
        }
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
}
