namespace BigTechChat.ChatService.Streaming;

/// <summary>The per-user stream frames of one membership change, queued by the instance that made it and by every instance that hears of it.</summary>
public static class MembershipFrames
{
    /// <param name="seq">The room's newest message seq at the change: joiners start after it, leavers end with it.</param>
    /// <param name="changedAt">When the change was made; the same on every path, so a stream applies it once.</param>
    public static void Publish(
        StreamHub hub, long roomId, IEnumerable<long> members, IReadOnlyCollection<long> added, IReadOnlyCollection<long> removed, long seq, DateTime changedAt)
    {
        foreach (var userId in added)
        {
            hub.PublishToUser(userId, Frame(StreamFrame.RoomJoined, roomId, seq, changedAt));
        }

        foreach (var userId in removed)
        {
            hub.PublishToUser(userId, Frame(StreamFrame.RoomLeft, roomId, seq, changedAt));
        }

        foreach (var userId in members.Except(added))
        {
            hub.PublishToUser(userId, Frame(StreamFrame.RoomUpdated, roomId, seq, changedAt));
        }
    }

    private static StreamFrame Frame(string eventType, long roomId, long seq, DateTime changedAt) =>
        new(eventType, seq, string.Empty) { RoomId = roomId, ChangedAt = changedAt };
}
