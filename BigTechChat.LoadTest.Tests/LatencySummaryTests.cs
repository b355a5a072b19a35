using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Percentiles_interpolate_between_ranks_like_k6()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.From(samples);

        Assert.Equal(50.5, summary.Avg, 6);
        Assert.Equal(1, summary.Min);
        Assert.Equal(100, summary.Max);
        Assert.Equal(50.5, summary.Med, 6);
        Assert.Equal(90.1, summary.P90, 6);
        Assert.Equal(95.05, summary.P95, 6);
        Assert.Equal(99.01, summary.P99, 6);
    }

    [Fact]
    public void One_sample_is_every_figure()
    {
        var summary = LatencySummary.From([42.0]);

        Assert.Equal(new LatencySummary(42, 42, 42, 42, 42, 42, 42), summary);
    }

    [Fact]
    public void No_samples_give_zeros_not_an_exception()
    {
        Assert.Equal(LatencySummary.Empty, LatencySummary.From([]));
    }

    [Fact]
    public void A_tail_shows_in_p99_but_not_in_the_median()
    {
        var samples = Enumerable.Repeat(10.0, 990).Concat(Enumerable.Repeat(1000.0, 10)).ToArray();

        var summary = LatencySummary.From(samples);

        Assert.Equal(10, summary.Med);
        Assert.Equal(10, summary.P95);
        Assert.True(summary.P99 > 10 && summary.P99 <= 1000, $"p99 was {summary.P99}");
        Assert.Equal(1000, summary.Max);
    }

    [Fact]
    public void Json_uses_k6_names_rounded_to_hundredths()
    {
        var json = LatencySummary.From([1.0, 2.0, 4.0]).ToJson();

        Assert.Equal(["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"], json.Keys);
        Assert.Equal(2.33, json["avg"]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Percentile_outside_zero_to_one_is_refused(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1.0], fraction));
    }
}
