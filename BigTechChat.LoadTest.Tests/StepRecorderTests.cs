using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class StepRecorderTests
{
    [Fact]
    public void Steps_report_their_own_counts_and_errors_in_first_seen_order()
    {
        var recorder = new StepRecorder();
        recorder.Record("register", TimeSpan.FromMilliseconds(300), succeeded: true);
        recorder.Record("login", TimeSpan.FromMilliseconds(250), succeeded: false);
        recorder.Record("register", TimeSpan.FromMilliseconds(100), succeeded: true);

        var steps = (Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(1))["steps"];

        Assert.Equal(["register", "login"], steps.Keys);
        var register = (Dictionary<string, object>)steps["register"];
        Assert.Equal(2, register["count"]);
        Assert.Equal(0L, register["errors"]);
        Assert.Equal(200.0, register["avg"]);
        Assert.Equal(1L, ((Dictionary<string, object>)steps["login"])["errors"]);
    }

    [Fact]
    public void Status_counts_say_what_the_errors_were()
    {
        var recorder = new StepRecorder();
        recorder.Record("login", TimeSpan.FromMilliseconds(1), succeeded: true, status: 200);
        recorder.Record("login", TimeSpan.FromMilliseconds(1), succeeded: false, status: 429);
        recorder.Record("login", TimeSpan.FromMilliseconds(1), succeeded: false, status: 429);
        recorder.Record("login", TimeSpan.FromMilliseconds(1), succeeded: false, status: 0);

        var login = (Dictionary<string, object>)((Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(1))["steps"])["login"];

        Assert.Equal(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["0"] = 1, ["200"] = 1, ["429"] = 2 }, login["statuses"]);
        Assert.Equal(3L, login["errors"]);
    }

    [Fact]
    public void Totals_leave_out_setup_and_derived_latencies()
    {
        var recorder = new StepRecorder();
        recorder.Record("setup_register", TimeSpan.FromMilliseconds(500), succeeded: false);
        recorder.Record("send_message", TimeSpan.FromMilliseconds(10), succeeded: true);
        recorder.Record("send_message", TimeSpan.FromMilliseconds(30), succeeded: false);
        recorder.Record("delivery", TimeSpan.FromMilliseconds(5), succeeded: true);

        var totals = (Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(2), ["delivery"])["totals"];

        Assert.Equal(2, totals["requests"]);
        Assert.Equal(1L, totals["errors"]);
        Assert.Equal(0.5, totals["error_rate"]);
        Assert.Equal(1.0, totals["requests_per_s"]);
        Assert.Equal(20.0, ((Dictionary<string, object>)totals["http_req_duration"])["avg"]);
    }

    [Fact]
    public async Task Concurrent_recording_loses_no_sample()
    {
        var recorder = new StepRecorder();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                recorder.Record("profile", TimeSpan.FromMilliseconds(i % 7), succeeded: i % 100 != 0);
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(80_000, recorder["profile"].Snapshot().Length);
        Assert.Equal(800, recorder["profile"].Errors);
    }

    [Fact]
    public void Totals_count_errors_by_status_over_the_measured_steps_only()
    {
        var recorder = new StepRecorder();
        recorder.Record("setup_login", TimeSpan.FromMilliseconds(1), succeeded: false, status: 503);
        recorder.Record("send_message", TimeSpan.FromMilliseconds(1), succeeded: true, status: 201);
        recorder.Record("send_message", TimeSpan.FromMilliseconds(1), succeeded: false, status: 503);
        recorder.Record("send_message", TimeSpan.FromMilliseconds(1), succeeded: false, status: 0);
        recorder.Record("profile", TimeSpan.FromMilliseconds(1), succeeded: false, status: 503);

        var totals = (Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(1))["totals"];

        Assert.Equal(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["0"] = 1, ["503"] = 2 }, totals["errors_by_status"]);
    }

    [Fact]
    public void Measured_steps_get_a_per_second_series_and_setup_steps_do_not()
    {
        var recorder = new StepRecorder();
        recorder.Record("setup_register", TimeSpan.FromMilliseconds(1), succeeded: true);
        recorder.StartMeasurement();
        recorder.Record("send_message", TimeSpan.FromMilliseconds(4), succeeded: true);
        recorder.Record(StepRecorder.Delivery, TimeSpan.FromMilliseconds(9), succeeded: true);

        var perSecond = (Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(1))["per_second"];

        Assert.Equal(["send_message", StepRecorder.Delivery], perSecond.Keys);
        var second = Assert.Single((List<Dictionary<string, object>>)perSecond["send_message"]);
        Assert.Equal((0, 1, 4.0), ((int)second["s"], (int)second["count"], (double)second["p50"]));
    }

    [Fact]
    public void Derived_latencies_are_left_out_of_the_request_totals_by_default()
    {
        var recorder = new StepRecorder();
        recorder.Record("send_message", TimeSpan.FromMilliseconds(10), succeeded: true);
        recorder.Record(StepRecorder.SendFromSchedule, TimeSpan.FromMilliseconds(500), succeeded: false, status: 0);
        recorder.Record(StepRecorder.Delivery, TimeSpan.FromMilliseconds(500), succeeded: true);

        var totals = (Dictionary<string, object>)recorder.Summarize(TimeSpan.FromSeconds(1))["totals"];

        Assert.Equal((1, 0L), ((int)totals["requests"], (long)totals["errors"]));
    }
}
