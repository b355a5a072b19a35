namespace BigTechChat.FriendService.Model;

/// <summary>The blocker no longer hears from the blocked user: no requests either way, no friendship.</summary>
public sealed class UserBlock
{
    public long BlockerId { get; set; }

    public long BlockedId { get; set; }

    public DateTime CreatedAt { get; set; }
}
