using System.Diagnostics;
using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class PerSecondSeriesTests
{
    private const long Origin = 1_000_000;

    [Fact]
    public void Samples_are_bucketed_by_completion_second_with_their_own_p50_p99_and_errors()
    {
        Sample[] samples =
        [
            At(0.1, 10), At(0.5, 20), At(0.9, 30, succeeded: false),
            At(1.0, 100), At(1.99, 300),
        ];

        var series = PerSecondSeries.From(samples, Origin);

        Assert.Equal(2, series.Count);
        Assert.Equal(new SecondFigures(0, 3, 1, 20, 29.8), series[0] with { P99 = Math.Round(series[0].P99, 6) });
        Assert.Equal((1, 2, 0, 200.0), (series[1].Second, series[1].Count, series[1].Errors, series[1].P50));
    }

    [Fact]
    public void A_second_without_samples_inside_the_run_shows_as_zero_so_a_stall_is_visible()
    {
        var series = PerSecondSeries.From([At(1.2, 5), At(3.5, 7)], Origin);

        Assert.Equal([0, 1, 2, 3], series.Select(s => s.Second));
        Assert.Equal([0, 1, 0, 1], series.Select(s => s.Count));
    }

    [Fact]
    public void Samples_completed_before_the_measurement_started_are_left_out()
    {
        var series = PerSecondSeries.From([At(-0.5, 999), At(0.5, 1)], Origin);

        Assert.Equal([new SecondFigures(0, 1, 0, 1, 1)], series);
    }

    [Fact]
    public void No_samples_give_an_empty_series()
    {
        Assert.Empty(PerSecondSeries.From([], Origin));
    }

    private static Sample At(double seconds, double milliseconds, bool succeeded = true) =>
        new(Origin + (long)(seconds * Stopwatch.Frequency), milliseconds, succeeded);
}
