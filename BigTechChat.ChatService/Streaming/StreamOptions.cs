using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.ChatService.Streaming;

/// <summary>Bound from the <c>ChatStreams</c> configuration section.</summary>
public sealed class StreamOptions
{
    public const string SectionName = "ChatStreams";

    /// <summary>How often an idle stream gets a <c>: ping</c> comment so proxies keep it open.</summary>
    [TimeSpanRange("00:00:00.010", "01:00:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Frames a connection may fall behind by before it is dropped (it resumes from storage).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 500;

    /// <summary>Messages read from storage per query while replaying after Last-Event-ID.</summary>
    [Range(1, 10_000)]
    public int ReplayBatchSize { get; set; } = 200;

    /// <summary>How long a room's member list is trusted by the fan-out before it is read again.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan MembershipCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a user's blocks are trusted by the fan-out before they are read again (heard changes apply at once).</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan BlockCacheTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A MessageSent event younger than this is delivered without re-reading the message (unless this instance saw it
    /// deleted); an older one (relayed late) is checked against storage, so a message deleted meanwhile is not sent.
    /// Zero (the default) checks every one: any window lets a message deleted within it be written (issue 8, rule 1).
    /// </summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan FreshEventWindow { get; set; } = TimeSpan.Zero;

    /// <summary>How long a per-user stream's cursor can be resumed (its checkpoint is kept that long).</summary>
    [TimeSpanRange("00:01:00", "365.00:00:00")]
    public TimeSpan CheckpointLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rooms a per-user stream's frame id may list beyond its checkpoint before a new checkpoint is written.</summary>
    [Range(1, 1_000)]
    public int CheckpointDeltaLimit { get; set; } = 16;
}
