namespace BigTechChat.LoadTest.Tests;

public sealed class LoadOptionsTests
{
    [Fact]
    public void Defaults_are_the_original_scenario_against_the_local_gateway()
    {
        var options = LoadOptions.Parse(["scenario", "original"]);

        Assert.Equal(("original", 50, 10, 60, 10), (options.Scenario, options.VirtualUsers,
            options.RampUp.TotalSeconds, options.Hold.TotalSeconds, options.RampDown.TotalSeconds));
        Assert.Equal(new Uri("http://localhost:8000"), options.BaseUrl);
        Assert.True(options.ThinkTimes);
    }

    [Fact]
    public void Flags_override_the_defaults()
    {
        var options = LoadOptions.Parse(["scenario", "fanout", "--streams", "1000", "--rooms", "20", "--rate", "500",
            "--duration", "2.5", "--base-url", "http://127.0.0.1:8002", "--output", "out.json"]);

        Assert.Equal(("fanout", 1000, 20, 500.0, 2.5), (options.Scenario, options.Streams, options.Rooms,
            options.MessagesPerSecond, options.Duration!.Value.TotalSeconds));
        Assert.Equal(new Uri("http://127.0.0.1:8002"), options.BaseUrl);
        Assert.Equal("out.json", options.OutputFile);
    }

    [Theory]
    [InlineData("scenario", "nonsense")]
    [InlineData("--vus", "0")]
    [InlineData("--vus", "many")]
    [InlineData("--hold", "-1")]
    [InlineData("--base-url", "http://example.com")]
    [InlineData("--base-url", "not a url")]
    [InlineData("--frobnicate", "1")]
    public void Bad_arguments_are_refused_with_a_message(string flag, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse([flag, value]));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Fanout_needs_two_streams_per_room()
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["fanout", "--streams", "10", "--rooms", "6"]));
    }

    [Theory]
    [InlineData("http://localhost:8000")]
    [InlineData("http://127.0.0.1:8000")]
    [InlineData("http://[::1]:8000")]
    public void Loopback_addresses_are_accepted(string url)
    {
        Assert.Equal(new Uri(url), LoadOptions.LoopbackUri(url));
    }
}
