using System.Globalization;
using BigTechChat.EventBus;

namespace BigTechChat.IntegrationEvents;

[Topic(Topics.UserEvents)]
public abstract record UserEvent(long UserId) : IntegrationEvent
{
    public override string GetPartitionKey() => UserId.ToString(CultureInfo.InvariantCulture);
}

public sealed record UserRegistered(long UserId, string Email, string Username, string? DisplayName) : UserEvent(UserId);

public sealed record UserProfileUpdated(long UserId, string? DisplayName, string? StatusMessage) : UserEvent(UserId)
{
    /// <summary>Carried too so that a directory copy can be (re)built from this event alone.</summary>
    public string? Username { get; init; }
}

[Topic(Topics.UserOnlineStatus)]
public sealed record UserOnlineStatusChanged(long UserId, bool IsOnline, DateTime? LastSeenAt) : IntegrationEvent
{
    public override string GetPartitionKey() => UserId.ToString(CultureInfo.InvariantCulture);
}
