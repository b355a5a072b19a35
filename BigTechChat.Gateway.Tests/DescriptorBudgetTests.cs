using BigTechChat.ServiceDefaults.Limits;

namespace BigTechChat.Gateway.Tests;

/// <summary>Issue 9: the derived limits of all hosts of the embedded process fit in its open-file limit.</summary>
public sealed class DescriptorBudgetTests
{
    [Theory]
    [InlineData(256UL)]
    [InlineData(1_024UL)]
    [InlineData(20_000UL)]
    [InlineData(1_048_576UL)]
    public void Gateway_twice_plus_three_services_never_exceed_the_descriptor_limit(ulong descriptors)
    {
        var perHost = ConnectionLimits.From(new ConnectionLimitOptions(), descriptors);

        // The gateway holds a client and an upstream socket per connection; each service one accepted socket.
        var worstCase = (ulong)(2 * perHost.Connections + 3 * perHost.Connections);

        Assert.True(worstCase <= descriptors - DescriptorBudget.Reserve(descriptors), $"{worstCase} sockets under a limit of {descriptors}");
        Assert.InRange(perHost.Streams, 1, perHost.Connections);
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
