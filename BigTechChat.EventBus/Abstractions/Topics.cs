namespace BigTechChat.EventBus;

/// <summary>The topics of API.md §8 with their partition counts and retention.</summary>
public static class Topics
{
    public const string UserEvents = "user.events";
    public const string UserOnlineStatus = "user.online_status";
    public const string FriendEvents = "friend.events";
    public const string MessageEvents = "message.events";
    public const string ChatEvents = "chat.events";

    public const string DeadLetterSuffix = ".dlq";

    public static IReadOnlyList<TopicSpec> All { get; } =
    [
        new(UserEvents, 3, TimeSpan.FromDays(7)),
        new(UserOnlineStatus, 6, TimeSpan.FromHours(1)),
        new(FriendEvents, 3, TimeSpan.FromDays(7)),
        new(MessageEvents, 10, TimeSpan.FromDays(7)),
        new(ChatEvents, 3, TimeSpan.FromDays(7)),
    ];

    public static string DeadLetter(string topic) => topic + DeadLetterSuffix;
}

public sealed record TopicSpec(string Name, int Partitions, TimeSpan Retention);
