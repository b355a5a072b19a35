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

    [Fact]
    public void Stream_scenarios_take_a_group_size_instead_of_a_room_count()
    {
        var options = LoadOptions.Parse(["user-streams", "--streams", "1000", "--group-size", "50", "--rate", "1000", "--grace", "5",
            "--server-pid", "1234", "--max-in-flight", "500"]);

        Assert.Equal(("user-streams", 20, 1000.0, 5.0, 1234, 500), (options.Scenario, options.FanoutRooms, options.MessagesPerSecond,
            options.Grace.TotalSeconds, options.ServerPid, options.MaxInFlight));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("101")]
    public void Group_sizes_outside_the_contracts_two_to_hundred_members_are_refused(string size)
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["user-streams", "--streams", "1000", "--group-size", size]));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("fill-room", "--room", "7")]
    public void History_and_fill_need_exactly_one_chat_database(string scenario, params string[] more)
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([scenario, .. more]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([scenario, .. more, "--chat-sqlite", "a.db", "--chat-mysql", "Server=x"]));
        Assert.Equal("a.db", LoadOptions.Parse([scenario, .. more, "--chat-sqlite", "a.db"]).ChatSqlitePath);
    }

    [Fact]
    public void Fill_room_needs_the_room()
    {
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["fill-room", "--chat-sqlite", "a.db"]));
        var options = LoadOptions.Parse(["fill-room", "--chat-sqlite", "a.db", "--room", "7", "--messages", "5000"]);
        Assert.Equal((7L, 5000), (options.RoomId, options.BigRoomMessages));
    }
}
