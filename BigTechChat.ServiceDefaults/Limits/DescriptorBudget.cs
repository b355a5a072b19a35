namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// Splits the process's open-file limit so the connections of all hosts can never exhaust it. The embedded mode runs
/// the gateway and the three services in one process; a stream through the gateway holds three sockets there (client,
/// YARP's upstream, the service's accepted one). So each host gets a fifth of what the reserve leaves (the gateway
/// holds two per connection), which bounds the sum in the embedded mode and is conservative when hosts run apart.
/// </summary>
public static class DescriptorBudget
{
    /// <summary>Per-host connection cap used when the limit is unknown (Windows) or very large.</summary>
    public const long MaxDerivedConnections = 65_536;

    /// <summary>Descriptor shares: gateway ×2 (client + upstream) plus user, friend and chat service ×1 each.</summary>
    public const int Shares = 5;

    /// <summary>Descriptors kept for files, the databases, the broker and outgoing HTTP: a quarter, at most 1,024.</summary>
    public static ulong Reserve(ulong limit) => Math.Min(1_024, limit / 4);

    /// <summary>Connections one host may hold under a process limit of <paramref name="descriptors"/> open files.</summary>
    public static long ConnectionsPerHost(ulong? descriptors) =>
        descriptors is { } limit
            ? (long)Math.Clamp((limit - Reserve(limit)) / Shares, 1UL, (ulong)MaxDerivedConnections)
            : MaxDerivedConnections;

    /// <summary>Three quarters of the connections may be streams, so ordinary requests (and the 503s) still get through.</summary>
    public static int StreamsPerHost(long connections) => (int)Math.Max(1, connections * 3 / 4);
}
