using BigTechChat.ServiceDefaults.Limits;
using Microsoft.Extensions.Configuration;

namespace BigTechChat.Gateway.Tests;

/// <summary>Issues 9 and 10: the derived limits of all hosts of the embedded process fit in its open-file limit.</summary>
public sealed class DescriptorBudgetTests
{
    [Theory]
    [InlineData(256UL)]
    [InlineData(1_024UL)]
    [InlineData(20_000UL)]
    [InlineData(1_048_576UL)]
    public void Gateway_and_three_services_never_exceed_the_descriptor_limit_with_either_hop(ulong descriptors)
    {
        var service = ConnectionLimits.From(new ConnectionLimitOptions(), descriptors, HostRole.Service);
        var multiplexing = ConnectionLimits.From(new ConnectionLimitOptions(), descriptors, HostRole.MultiplexingGateway);
        var http11 = ConnectionLimits.From(new ConnectionLimitOptions(), descriptors, HostRole.Gateway);

        // h2c hop: one socket per gateway client; HTTP/1.1 hop: two; each service one accepted socket per connection.
        var budget = descriptors - DescriptorBudget.Reserve(descriptors);
        Assert.True((ulong)(multiplexing.Connections + (3 * service.Connections)) <= budget, $"h2c hop over {budget}");
        Assert.True((ulong)((2 * http11.Connections) + (3 * service.Connections)) <= budget, $"HTTP/1.1 hop over {budget}");
        Assert.InRange(multiplexing.Streams, 1, multiplexing.Connections);
        Assert.InRange(http11.Streams, 1, http11.Connections);
    }

    [Fact]
    public void The_default_limits_hold_ten_thousand_streams_under_twenty_thousand_descriptors_and_refuse_before_running_out()
    {
        var gateway = ConnectionLimits.From(new ConnectionLimitOptions(), 20_000, HostRole.MultiplexingGateway);
        var chat = ConnectionLimits.From(new ConnectionLimitOptions(), 20_000, HostRole.Service);

        Assert.InRange(gateway.Streams, 10_000, gateway.Connections - 1);
        // The gateway's 503 comes first: the service admits every stream the gateway forwards.
        Assert.True(chat.Streams >= gateway.Streams, $"chat {chat.Streams} < gateway {gateway.Streams}");
        var sockets = (ulong)(gateway.Connections + (3 * chat.Connections));
        Assert.True(sockets + DescriptorBudget.Reserve(20_000) <= 20_000, $"{sockets} sockets");
    }

    [Fact]
    public void A_gateway_multiplexes_only_when_every_service_has_an_h2c_address()
    {
        var partial = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:chat:h2c:0"] = "http://127.0.0.1:9002",
        }).Build();
        var full = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:chat:h2c:0"] = "http://127.0.0.1:9002",
            ["services:user:h2c:0"] = "http://127.0.0.1:9005",
            ["services:friend:h2c:0"] = "http://127.0.0.1:9003",
        }).Build();

        Assert.False(Routing.BackendServices.HopIsMultiplexed(partial));
        Assert.True(Routing.BackendServices.HopIsMultiplexed(full));
    }

    [Fact]
    public void The_process_runs_with_its_soft_open_file_limit_raised_to_the_hard_limit()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Windows has no RLIMIT_NOFILE");

        var limits = DescriptorLimit.RaiseSoftLimit();

        Assert.NotNull(limits);
        Assert.True(limits.Value.Soft == limits.Value.Hard || OperatingSystem.IsMacOS(), $"soft {limits.Value.Soft}, hard {limits.Value.Hard}");
        Assert.Equal(limits, DescriptorLimit.Read());
    }

    [Theory]
    [InlineData("ConnectionLimits:MaxConcurrentStreams", "0")]
    [InlineData("ConnectionLimits:MaxConcurrentConnections", "-1")]
    [InlineData("ConnectionLimits:RetryAfter", "00:00:00")]
    [InlineData("ConnectionLimits:MaxConcurrentStreams", "2000000000")]
    public async Task Out_of_range_limits_stop_the_host_at_start(string key, string value)
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(() => gateway.CreateClient());

        Assert.Contains("ConnectionLimits", failure?.ToString() ?? "no failure", StringComparison.Ordinal);
    }
}
