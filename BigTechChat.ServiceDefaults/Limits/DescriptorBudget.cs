namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>What a host's accepted connections cost in the process's descriptors, which decides its share.</summary>
public enum HostRole
{
    /// <summary>A service: one accepted socket per connection; gateway streams reach it multiplexed over a few h2c connections.</summary>
    Service,

    /// <summary>The gateway with an HTTP/2 (h2c) hop: one socket per client, the upstream multiplexed.</summary>
    MultiplexingGateway,

    /// <summary>The gateway with an HTTP/1.1 hop: a client socket and an upstream socket per client connection.</summary>
    Gateway,
}

/// <summary>
/// Splits the process's open-file limit so the connections of all hosts can never exhaust it. The embedded mode runs
/// the gateway and the three services in one process. With the multiplexed (h2c) hop a stream through the gateway
/// holds one socket there plus a share of a few HTTP/2 connections; so the gateway gets <see cref="GatewayShares"/>
/// of <see cref="Shares"/> and each service one (half the gateway's share when its hop is HTTP/1.1, two sockets per
/// client). The multiplexed HTTP/2 connections (both ends) come out of the <see cref="Reserve"/>.
/// </summary>
public static class DescriptorBudget
{
    /// <summary>Per-host connection cap used when the limit is unknown (Windows) or very large.</summary>
    public const long MaxDerivedConnections = 65_536;

    /// <summary>Shares of the gateway's client connections: enough that 20,000 descriptors hold 10,000 streams.</summary>
    public const int GatewayShares = 8;

    /// <summary>Descriptor shares: the gateway's <see cref="GatewayShares"/> plus user, friend and chat service ×1 each.</summary>
    public const int Shares = GatewayShares + 3;

    /// <summary>Descriptors kept for files, the databases, the broker and the multiplexed hop: a quarter, at most 1,024.</summary>
    public static ulong Reserve(ulong limit) => Math.Min(1_024, limit / 4);

    /// <summary>Connections a host of <paramref name="role"/> may hold under a process limit of <paramref name="descriptors"/> open files.</summary>
    public static long ConnectionsPerHost(ulong? descriptors, HostRole role = HostRole.Service)
    {
        if (descriptors is not { } limit)
        {
            return MaxDerivedConnections;
        }

        var share = (limit - Reserve(limit)) / Shares;
        var connections = role switch
        {
            HostRole.MultiplexingGateway => share * GatewayShares,
            HostRole.Gateway => share * GatewayShares / 2,
            _ => share,
        };
        return (long)Math.Clamp(connections, 1UL, (ulong)MaxDerivedConnections);
    }

    /// <summary>
    /// Streams a host of <paramref name="role"/> serves: three quarters of the gateway's connections, so ordinary
    /// requests (and the 503s) still get through. A service takes as many as a multiplexing gateway can forward, since
    /// those arrive over a few h2c connections; its own connection cap still bounds direct HTTP/1.1 clients' sockets.
    /// </summary>
    public static int StreamsPerHost(long connections, ulong? descriptors = null, HostRole role = HostRole.Service) =>
        role == HostRole.Service && descriptors is not null
            ? StreamsPerHost(ConnectionsPerHost(descriptors, HostRole.MultiplexingGateway), null, HostRole.MultiplexingGateway)
            : (int)Math.Max(1, connections * 3 / 4);
}

/// <summary>Registered by a host that is not a plain <see cref="HostRole.Service"/> (the gateway), read when the limits are derived.</summary>
/// <param name="Role">The role whose descriptor share the host takes.</param>
public sealed record HostDescriptorRole(HostRole Role);
