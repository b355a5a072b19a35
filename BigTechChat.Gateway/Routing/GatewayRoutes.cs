using System.Net;
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
            var http2 = BackendServices.Http2AddressOf(configuration, service);
            var destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = (http2 ?? BackendServices.AddressOf(configuration, service)).ToString() },
            };
            clusters.Add(Cluster(service, destinations, options.RequestTimeout, http2 is not null));
            clusters.Add(Cluster(service + StreamSuffix, destinations, options.StreamIdleTimeout, http2 is not null));
        }

        return clusters;
    }

    /// <summary>
    /// Over h2c the cluster speaks HTTP/2 only (prior knowledge: exact version, no ALPN to fall back with) and opens
    /// another connection when one is full of streams (SETTINGS_MAX_CONCURRENT_STREAMS), instead of queueing.
    /// </summary>
    private static ClusterConfig Cluster(string id, IReadOnlyDictionary<string, DestinationConfig> destinations, TimeSpan activityTimeout, bool http2) => new()
    {
        ClusterId = id,
        Destinations = destinations,
        HttpRequest = http2
            ? new ForwarderRequestConfig { ActivityTimeout = activityTimeout, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact }
            : new ForwarderRequestConfig { ActivityTimeout = activityTimeout },
        HttpClient = http2 ? new HttpClientConfig { EnableMultipleHttp2Connections = true } : null,
    };

    private static RouteConfig Route(string id, string cluster, string path, string policy, string[]? methods = null) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        AuthorizationPolicy = policy,
        Match = new RouteMatch { Path = path, Methods = methods },
    };
}
