namespace BigTechChat.UserService.Model;

/// <summary>An account: credentials, public profile and when the user was last seen.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>As registered, with the domain lower-cased.</summary>
    public required string Email { get; set; }

    /// <summary>Lower-cased whole address; its unique index makes email uniqueness case-insensitive.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Username { get; set; }

    public required string NormalizedUsername { get; set; }

    public required string PasswordHash { get; set; }

    public string? DisplayName { get; set; }

    public string? StatusMessage { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One direction of an accepted friendship, copied from <c>friend.events</c> for presence fan-out.</summary>
public sealed class FriendLink
{
    public long UserId { get; set; }

    public long FriendId { get; set; }
}
