using System.Diagnostics;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>
/// One second of a step: samples completed in <c>[Second, Second + 1)</c> after the measurement start, how many
/// failed, and their median and 99th percentile (ms). A rate that was not sustained shows as falling counts or
/// growing percentiles second by second, which run totals hide.
/// </summary>
public sealed record SecondFigures(int Second, int Count, int Errors, double P50, double P99)
{
    public Dictionary<string, object> ToJson() => new()
    {
        ["s"] = Second,
        ["count"] = Count,
        ["errors"] = Errors,
        ["p50"] = Math.Round(P50, 2),
        ["p99"] = Math.Round(P99, 2),
    };
}

public static class PerSecondSeries
{
    /// <summary>
    /// Buckets samples by completion second from <paramref name="origin"/> (<see cref="Stopwatch"/> ticks); samples before
    /// it (setup) are left out; every second from 0 to the last sample appears, with count 0 when nothing completed in it,
    /// so a stall (also at the start) is visible.
    /// </summary>
    public static IReadOnlyList<SecondFigures> From(IReadOnlyCollection<Sample> samples, long origin)
    {
        var buckets = new SortedDictionary<int, List<Sample>>();
        foreach (var sample in samples)
        {
            var offset = sample.CompletedAt - origin;
            if (offset < 0)
            {
                continue;
            }

            var second = (int)(offset / Stopwatch.Frequency);
            if (!buckets.TryGetValue(second, out var bucket))
            {
                buckets[second] = bucket = [];
            }

            bucket.Add(sample);
        }

        if (buckets.Count == 0)
        {
            return [];
        }

        var series = new List<SecondFigures>();
        for (var second = 0; second <= buckets.Keys.Last(); second++)
        {
            var bucket = buckets.GetValueOrDefault(second) ?? [];
            var sorted = bucket.Select(s => s.Milliseconds).Order().ToArray();
            series.Add(new SecondFigures(second, bucket.Count, bucket.Count(s => !s.Succeeded),
                LatencySummary.Percentile(sorted, 0.50), LatencySummary.Percentile(sorted, 0.99)));
        }

        return series;
    }
}
