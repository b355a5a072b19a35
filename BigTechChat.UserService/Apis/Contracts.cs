namespace BigTechChat.UserService.Apis;

public sealed record RegisterRequest(string? Email, string? Username, string? Password, string? DisplayName);

public sealed record RegisteredUser(long Id, string Email, string Username, string? DisplayName, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record LoginJsonRequest(string? Email, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record LogoutResponse(string Message, long UserId);

public sealed record UpdateProfileRequest(string? DisplayName, string? StatusMessage);

/// <summary>API.md §3 UserProfile.</summary>
public sealed record UserProfile(long Id, string Username, string? DisplayName, string? StatusMessage, bool IsOnline, DateTime? LastSeenAt);

/// <summary>UserProfile plus the caller's own email.</summary>
public sealed record MyProfile(
    long Id, string Username, string? DisplayName, string? StatusMessage, bool IsOnline, DateTime? LastSeenAt, string Email);

public sealed record SearchResponse(IReadOnlyList<UserProfile> Users, int TotalCount);

public sealed record BatchRequest(long[]? UserIds);

public sealed record UserExists(long UserId, bool Exists);

public sealed record HeartbeatResponse(bool Success, long UserId, int ExpiresIn);
