using Microsoft.Extensions.Configuration;

namespace BigTechChat.Gateway.Routing;

/// <summary>
/// The three back-end services and where they listen. Addresses are read from the service-discovery keys
/// Aspire injects (<c>services:user:http:0</c>, env <c>services__user__http__0</c>), with the local ports as defaults.
/// </summary>
public static class BackendServices
{
    public const string User = "user";
    public const string Friend = "friend";
    public const string Chat = "chat";

    public static readonly IReadOnlyDictionary<string, string> DefaultAddresses = new Dictionary<string, string>
    {
        [User] = "http://localhost:8005",
        [Friend] = "http://localhost:8003",
        [Chat] = "http://localhost:8002",
    };

    public static IEnumerable<string> Names => DefaultAddresses.Keys;

    public static Uri AddressOf(IConfiguration configuration, string service)
    {
        var configured = configuration[$"services:{service}:http:0"];
        var address = string.IsNullOrWhiteSpace(configured) ? DefaultAddresses[service] : configured;
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
