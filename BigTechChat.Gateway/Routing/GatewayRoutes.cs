using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace BigTechChat.Gateway.Routing;

/// <summary>The routing table of API.md §6: path prefixes to services, paths forwarded unchanged.</summary>
public static class GatewayRoutes
{
    /// <summary>YARP's reserved names: the default policy (an authenticated user) and no authorization at all.</summary>
    public const string DefaultPolicy = "default";
    public const string AnonymousPolicy = "anonymous";

    /// <summary>Streams get their own clusters so only they get the long idle timeout.</summary>
    private const string StreamSuffix = "-stream";

    private static readonly (string Prefix, string Service)[] Prefixes =
    [
        ("/api/auth", BackendServices.User),
        ("/api/profile", BackendServices.User),
        ("/api/users", BackendServices.User),
        ("/api/online-status", BackendServices.User),
        ("/api/friends", BackendServices.Friend),
        ("/api/chat-rooms", BackendServices.Chat),
        ("/api/messages", BackendServices.Chat),
        ("/api/events", BackendServices.Chat),
    ];

    /// <summary>The only forwarded paths reachable without a token.</summary>
    public static readonly string[] PublicAuthPaths = ["/api/auth/register", "/api/auth/login", "/api/auth/login/json"];

    public static bool IsStreamPath(PathString path) =>
        path.StartsWithSegments("/api/messages/stream") || path.StartsWithSegments("/api/events/stream")
        || path.StartsWithSegments("/api/online-status/stream");

    public static IReadOnlyList<RouteConfig> Routes()
    {
        var routes = Prefixes
            .Select(p => Route($"{p.Service}{p.Prefix.Replace('/', '-')}", p.Service, $"{p.Prefix}/{{**rest}}", DefaultPolicy))
            .ToList();
        routes.AddRange(PublicAuthPaths.Select(path =>
            Route($"public{path.Replace('/', '-')}", BackendServices.User, path, AnonymousPolicy, [HttpMethods.Post])));
        routes.Add(Route("chat-stream", BackendServices.Chat + StreamSuffix, "/api/messages/stream/{**rest}", DefaultPolicy));
        routes.Add(Route("chat-events-stream", BackendServices.Chat + StreamSuffix, "/api/events/stream", DefaultPolicy));
        routes.Add(Route("user-stream", BackendServices.User + StreamSuffix, "/api/online-status/stream/{**rest}", DefaultPolicy));
        return routes;
    }

    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration, GatewayOptions options)
    {
        var clusters = new List<ClusterConfig>();
        foreach (var service in BackendServices.Names)
        {
            var destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = BackendServices.AddressOf(configuration, service).ToString() },
            };
            clusters.Add(new ClusterConfig
            {
                ClusterId = service,
                Destinations = destinations,
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.RequestTimeout },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = service + StreamSuffix,
                Destinations = destinations,
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.StreamIdleTimeout },
            });
        }

        return clusters;
    }

    private static RouteConfig Route(string id, string cluster, string path, string policy, string[]? methods = null) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        AuthorizationPolicy = policy,
        Match = new RouteMatch { Path = path, Methods = methods },
    };
}
