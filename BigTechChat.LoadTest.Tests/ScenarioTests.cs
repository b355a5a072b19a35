using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

/// <summary>Each scenario, scaled down, against the contract stub: it must finish, count right and see no errors.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public async Task Original_scenario_runs_every_step_of_the_k6_script()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["scenario", "original", "--base-url", stub.Address.ToString(),
            "--vus", "3", "--ramp-up", "0.5", "--hold", "1", "--ramp-down", "0.5", "--no-think"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var steps = Steps(report);
        Assert.Equal(["register", "login", "profile", "search", "friend_request", "friend_accept", "chat_room", "send_message", "read_messages"], steps.Keys);
        var iterations = Convert.ToInt64(((Dictionary<string, object>)report["results"])["iterations"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(iterations > 0);
        Assert.Equal(2 * iterations, Count(steps, "register"));
        Assert.Equal(5 * iterations, Count(steps, "send_message"));
        Assert.Equal(0L, Totals(report)["errors"]);
    }

    [Fact]
    public async Task Login_storm_reports_logins_per_second_and_profile_latency()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["login-storm", "--base-url", stub.Address.ToString(), "--concurrency", "4", "--duration", "1"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = (Dictionary<string, object>)report["results"];
        Assert.True((double)results["logins_per_s"] > 0);
        Assert.True(Count(Steps(report), "profile_probe") > 0);
        Assert.Equal(0L, Totals(report)["errors"]);
    }

    [Fact]
    public async Task Messaging_sends_without_pause_and_reads_history_of_both_rooms()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["messaging", "--base-url", stub.Address.ToString(), "--concurrency", "3", "--duration", "1",
            "--small-room-messages", "10", "--big-room-messages", "200", "--history-reads", "5"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = (Dictionary<string, object>)report["results"];
        Assert.Equal(10L, results["small_room_filled"]);
        Assert.Equal(200L, results["big_room_filled"]);
        Assert.Equal(5, Count(Steps(report), "history_big_room"));
        Assert.True((long)results["messages_sent"] > 0);
        Assert.Equal(0L, Totals(report)["errors"]);
    }

    [Fact]
    public async Task Fanout_delivers_every_message_to_every_stream_of_its_room()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["fanout", "--base-url", stub.Address.ToString(), "--streams", "10", "--rooms", "3", "--rate", "50", "--duration", "1"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = (Dictionary<string, object>)report["results"];
        Assert.Equal(10, results["streams_open"]);
        Assert.True((long)results["messages_sent"] >= 40, $"sent {results["messages_sent"]}");
        Assert.True((long)results["deliveries_expected"] > (long)results["messages_sent"]);
        Assert.Equal(results["deliveries_expected"], results["deliveries_received"]);
        Assert.Equal(0L, results["deliveries_lost"]);
        Assert.Equal((long)results["deliveries_received"], Count(Steps(report), "delivery"));
    }

    [Fact]
    public async Task Idle_fanout_holds_several_streams_per_member_and_reports_server_memory()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["fanout", "--base-url", stub.Address.ToString(), "--streams", "12", "--streams-per-member", "3",
            "--rooms", "2", "--rate", "0", "--duration", "0.5", "--metrics-url", new Uri(stub.Address, "/metrics").ToString()]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = (Dictionary<string, object>)report["results"];
        Assert.Equal(12, results["streams_open"]);
        Assert.Equal(4, Count(Steps(report), "setup_login"));
        Assert.Equal(0L, results["messages_sent"]);
        var memory = (Dictionary<string, object>)results["server_memory_with_streams"];
        Assert.Equal(123456789.0, memory["dotnet_process_memory_working_set_bytes"]);
    }

    [Fact]
    public async Task User_streams_deliver_every_message_once_to_every_member_in_groups_and_report_per_second_figures()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "12", "--group-size", "4",
            "--rate", "40", "--duration", "1", "--grace", "5"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = Results(report);
        Assert.Equal((12, 40L, 40L), ((int)results["streams_open"], (long)results["messages_scheduled"], (long)results["messages_sent"]));
        Assert.Equal(160L, results["deliveries_expected"]);
        Assert.Equal(160L, results["deliveries_received"]);
        Assert.Equal((0L, 0L, 0L), ((long)results["deliveries_lost"], (long)results["duplicates"], (long)results["unexpected"]));
        Assert.Equal(160, Count(Steps(report), "delivery"));
        var perSecond = (Dictionary<string, object>)report["per_second"];
        Assert.Equal(40, ((List<Dictionary<string, object>>)perSecond["send_message"]).Sum(s => (int)s["count"]));
        Assert.True(((Dictionary<string, object>)report["load_tool_cpu"]).ContainsKey("percent_of_machine"));
    }

    [Fact]
    public async Task User_streams_count_a_frame_sent_twice_as_a_duplicate()
    {
        await using var stub = await ContractStub.StartAsync();
        stub.UserStreamCopies = seq => seq % 2 == 0 ? 2 : 1;
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "4", "--group-size", "2",
            "--rate", "20", "--duration", "1", "--grace", "5"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = Results(report);
        // 20 messages over 2 direct rooms: seqs 1..10 in each, the 5 even ones twice on both members' streams.
        Assert.Equal((40L, 40L, 20L), ((long)results["deliveries_expected"], (long)results["deliveries_received"], (long)results["duplicates"]));
    }

    [Fact]
    public async Task User_streams_count_copies_that_never_arrive_as_lost_after_the_grace_period()
    {
        await using var stub = await ContractStub.StartAsync();
        stub.UserStreamCopies = seq => seq <= 3 ? 0 : 1;
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "4", "--group-size", "2",
            "--rate", "20", "--duration", "1", "--grace", "0.5"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = Results(report);
        Assert.Equal((40L, 28L, 12L, 0L), ((long)results["deliveries_expected"], (long)results["deliveries_received"],
            (long)results["deliveries_lost"], (long)results["duplicates"]));
    }

    [Fact]
    public async Task Warm_up_sends_are_made_and_delivered_but_left_out_of_every_measured_figure()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "4", "--group-size", "2",
            "--rate", "20", "--duration", "1", "--grace", "5", "--warmup", "1"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = Results(report);
        Assert.Equal((20L, 0L), ((long)results["warmup_sent"], (long)results["warmup_failed"]));
        Assert.Equal(40L, stub.MessagesStored);
        Assert.Equal((20L, 40L, 40L), ((long)results["messages_sent"], (long)results["deliveries_expected"], (long)results["deliveries_received"]));
        Assert.Equal((0L, 0L, 0L), ((long)results["deliveries_lost"], (long)results["duplicates"], (long)results["unexpected"]));
        Assert.Equal(20, Count(Steps(report), StepRecorder.SendFromSchedule));
        Assert.Equal(20, (int)Totals(report)["requests"]);
    }

    [Fact]
    public async Task Send_rate_sends_exactly_the_schedule_without_streams()
    {
        await using var stub = await ContractStub.StartAsync();
        var options = LoadOptions.Parse(["send-rate", "--base-url", stub.Address.ToString(), "--rooms", "5", "--rate", "200", "--duration", "1"]);

        var report = await LoadRunner.RunAsync(options, TestContext.Current.CancellationToken);

        var results = Results(report);
        Assert.Equal((0, 200L, 200L, 0L), ((int)results["streams_open"], (long)results["messages_sent"], stub.MessagesStored, (long)results["deliveries_expected"]));
        Assert.Equal(200, Count(Steps(report), StepRecorder.SendFromSchedule));
        Assert.Equal(0L, Totals(report)["errors"]);
    }

    [Fact]
    public async Task A_stream_run_where_no_stream_opens_is_aborted_rather_than_reported_as_nothing_lost()
    {
        await using var stub = await ContractStub.StartAsync();
        stub.RefuseStreams = true;
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "4", "--group-size", "2", "--rate", "10", "--duration", "1"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadRunner.RunAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("404: 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_whose_connected_frame_names_another_user_is_not_counted_as_open()
    {
        await using var stub = await ContractStub.StartAsync();
        stub.ConnectUserStreamsAsSomeoneElse = true;
        var options = LoadOptions.Parse(["user-streams", "--base-url", stub.Address.ToString(), "--streams", "4", "--group-size", "2", "--rate", "10", "--duration", "1"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadRunner.RunAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("4 without a connected frame naming their user", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Results(Dictionary<string, object> report) => (Dictionary<string, object>)report["results"];

    private static Dictionary<string, object> Steps(Dictionary<string, object> report) => (Dictionary<string, object>)report["steps"];

    private static Dictionary<string, object> Totals(Dictionary<string, object> report) => (Dictionary<string, object>)report["totals"];

    private static long Count(Dictionary<string, object> steps, string step) =>
        Convert.ToInt64(((Dictionary<string, object>)steps[step])["count"], System.Globalization.CultureInfo.InvariantCulture);
}
