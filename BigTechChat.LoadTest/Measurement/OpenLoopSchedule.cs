namespace BigTechChat.LoadTest.Measurement;

/// <summary>
/// A fixed-rate send schedule (open loop): message k is due at k / rate seconds whether or not earlier sends have
/// answered, so a slow system meets a growing queue rather than a politely slower client, and latency measured from
/// the due time includes that queueing.
/// </summary>
public sealed record OpenLoopSchedule(double PerSecond, TimeSpan Duration)
{
    /// <summary>How many messages the schedule holds in all.</summary>
    public long Total => (long)Math.Floor(PerSecond * Duration.TotalSeconds);

    /// <summary>How many messages are due by <paramref name="elapsed"/> (message 0 is due at once).</summary>
    public long DueBy(TimeSpan elapsed) =>
        PerSecond <= 0 || elapsed < TimeSpan.Zero ? 0 : Math.Min(Total, (long)Math.Floor(elapsed.TotalSeconds * PerSecond) + 1);

    /// <summary>When message <paramref name="index"/> is due, from the schedule's start.</summary>
    public TimeSpan DueAt(long index) => TimeSpan.FromSeconds(index / PerSecond);
}
