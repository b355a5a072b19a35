using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.UserService.Presence;

/// <summary>Bound from the <c>Presence</c> section.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>How long one heartbeat keeps a user online.</summary>
    [TimeSpanRange("00:00:00.010", "1.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often lapsed users are looked for (and so how late a lapse is reported at most). Short, so that each sweep's
    /// lapses — and the consumers' writes they cause — come in small batches rather than a burst (docs/benchmarks.md).
    /// </summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Comment frames that keep proxies from closing an idle status stream; each also renews presence.</summary>
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan StreamPingInterval { get; set; } = TimeSpan.FromSeconds(15);
}
