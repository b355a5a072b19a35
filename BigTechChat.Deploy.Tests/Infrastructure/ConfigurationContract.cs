namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>
/// The services' configuration contract as environment variables (.NET reads <c>__</c> as <c>:</c>).
/// A manifest that sets anything else is setting a key no service reads.
/// </summary>
public static class ConfigurationContract
{
    public static readonly IReadOnlySet<string> AllowedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "ConnectionStrings__userdb",
        "ConnectionStrings__frienddb",
        "ConnectionStrings__chatdb",
        "ConnectionStrings__messagedb",
        "ConnectionStrings__redis",
        "ConnectionStrings__kafka",
        "EventBus__Transport",
        "Jwt__SigningKey",
        "Jwt__Issuer",
        "Jwt__Audience",
        "services__user__http__0",
        "services__friend__http__0",
        "services__chat__http__0",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "ASPNETCORE_HTTP_PORTS",
        "ASPNETCORE_URLS",
        "Database__ServerVersion",
        "Passwords__WorkFactor",
        "RateLimiting__PermitsPerMinute",
        "RateLimiting__LoginPermitsPerMinute",
    };

    public static readonly string[] DatabaseKeys =
        ["ConnectionStrings__userdb", "ConnectionStrings__frienddb", "ConnectionStrings__chatdb", "ConnectionStrings__messagedb"];

    public static readonly IReadOnlyList<App> Apps =
    [
        new("gateway", "BigTechChat.Gateway", 8000, [],
            ["services__user__http__0", "services__friend__http__0", "services__chat__http__0"]),
        new("user", "BigTechChat.UserService", 8005, ["ConnectionStrings__userdb"], []),
        new("friend", "BigTechChat.FriendService", 8003, ["ConnectionStrings__frienddb"], ["services__user__http__0"]),
        new("chat", "BigTechChat.ChatService", 8002, ["ConnectionStrings__chatdb", "ConnectionStrings__messagedb"],
            ["services__user__http__0", "services__friend__http__0"]),
    ];

    public static TheoryData<string> AppNames => [.. Apps.Select(a => a.Name)];

    public static App AppNamed(string name) => Apps.Single(a => a.Name == name);

    /// <summary>API.md §8 plus a dead-letter topic per topic: partitions and retention in milliseconds.</summary>
    public static readonly IReadOnlyDictionary<string, (int Partitions, long RetentionMs)> Topics = BuildTopics();

    private static Dictionary<string, (int, long)> BuildTopics()
    {
        const long Week = 7L * 24 * 3600 * 1000;
        const long Hour = 3600L * 1000;
        (string Name, int Partitions, long Retention)[] topics =
        [
            ("user.events", 3, Week),
            ("user.online_status", 6, Hour),
            ("friend.events", 3, Week),
            ("message.events", 10, Week),
            ("chat.events", 3, Week),
        ];
        var all = new Dictionary<string, (int, long)>();
        foreach (var (name, partitions, retention) in topics)
        {
            all[name] = (partitions, retention);
            all[name + ".dlq"] = (partitions, Week);
        }

        return all;
    }
}

/// <summary>One deployable app: its Kubernetes/compose name, project, port and the keys only it may hold.</summary>
public sealed record App(string Name, string Project, int Port, string[] OwnDatabases, string[] Discovery)
{
    /// <summary>Keys every instance of this app needs to run distributed.</summary>
    public IEnumerable<string> RequiredKeys =>
        new[] { "ASPNETCORE_HTTP_PORTS", "ConnectionStrings__redis", "Jwt__SigningKey", "Jwt__Issuer", "Jwt__Audience", "OTEL_EXPORTER_OTLP_ENDPOINT" }
            .Concat(Name == "gateway"
                ? ["RateLimiting__PermitsPerMinute", "RateLimiting__LoginPermitsPerMinute"]
                : ["ConnectionStrings__kafka", "EventBus__Transport", "Database__ServerVersion"])
            .Concat(OwnDatabases)
            .Concat(Discovery);
}
