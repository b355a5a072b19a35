using Microsoft.Extensions.Configuration;

namespace BigTechChat.Gateway.Routing;

/// <summary>
/// The three back-end services and where they listen. Addresses are read from the service-discovery keys
/// Aspire injects (<c>services:user:http:0</c>, env <c>services__user__http__0</c>), with the local ports as defaults.
/// A service's h2c endpoint (<c>services:chat:h2c:0</c>, see ServiceDefaults' <c>Http2CleartextOptions</c>), when
/// configured, carries the gateway's traffic to it multiplexed over HTTP/2.
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
        return Normalized(string.IsNullOrWhiteSpace(configured) ? DefaultAddresses[service] : configured);
    }

    /// <summary>The service's HTTP/2-only (h2c, prior knowledge) address, or null when it has none.</summary>
    public static Uri? Http2AddressOf(IConfiguration configuration, string service) =>
        configuration[$"services:{service}:h2c:0"] is { Length: > 0 } configured ? Normalized(configured) : null;

    /// <summary>True when every service has an h2c address: the gateway then holds one socket per client connection.</summary>
    public static bool HopIsMultiplexed(IConfiguration configuration) => Names.All(name => Http2AddressOf(configuration, name) is not null);

    private static Uri Normalized(string address) => new(address.EndsWith('/') ? address : address + "/");
}
