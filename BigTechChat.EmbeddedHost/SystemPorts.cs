namespace BigTechChat.EmbeddedHost;

/// <summary>Where each part of the system listens; the defaults are the original system's ports.</summary>
public sealed record SystemPorts(int Gateway = 8000, int User = 8005, int Friend = 8003, int Chat = 8002)
{
    public static SystemPorts Default { get; } = new();
}

/// <summary>One service of the system as the AppHost knows it.</summary>
public sealed record ServiceEndpoint(string Name, string DisplayName, Uri Url, bool HasDocs);
