namespace BigTechChat.LoadTest.Measurement;

/// <summary>
/// The figures k6 prints for a trend, in milliseconds. Percentiles interpolate between the two nearest
/// ranks exactly as k6 does, so numbers from both tools can sit side by side.
/// </summary>
public sealed record LatencySummary(double Avg, double Min, double Med, double Max, double P90, double P95, double P99)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return Empty;
        }

        var sorted = samples.Order().ToArray();
        return new LatencySummary(
            sorted.Average(),
            sorted[0],
            Percentile(sorted, 0.50),
            sorted[^1],
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.95),
            Percentile(sorted, 0.99));
    }

    /// <summary>k6's rule: rank p·(n−1), linear between its neighbours.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = fraction * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["avg"] = Round(Avg),
        ["min"] = Round(Min),
        ["med"] = Round(Med),
        ["max"] = Round(Max),
        ["p(90)"] = Round(P90),
        ["p(95)"] = Round(P95),
        ["p(99)"] = Round(P99),
    };

    private static double Round(double value) => Math.Round(value, 2);
}
