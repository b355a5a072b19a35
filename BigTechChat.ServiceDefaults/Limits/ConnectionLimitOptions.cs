namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// Bound from <c>ConnectionLimits</c>: how many connections and event streams one host accepts before refusing more
/// with 503 and <c>Retry-After</c>. Unset limits derive from the descriptor budget (see <see cref="DescriptorBudget"/>).
/// </summary>
public sealed class ConnectionLimitOptions
{
    public const string SectionName = "ConnectionLimits";

    /// <summary>Open connections this host's server accepts; null derives it from the descriptor budget.</summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>Open event streams (SSE, direct or proxied) this host serves at once; null derives it from the budget.</summary>
    public int? MaxConcurrentStreams { get; set; }

    /// <summary>What a refused client is told to wait before trying again (the <c>Retry-After</c> header); 1 s to 1 h.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The problems with these settings for a process holding <paramref name="descriptors"/> (null: unknown); empty when valid.</summary>
    public IEnumerable<string> Problems(ulong? descriptors)
    {
        if (MaxConcurrentConnections is < 1)
        {
            yield return "ConnectionLimits:MaxConcurrentConnections must be at least 1";
        }

        if (MaxConcurrentStreams is < 1)
        {
            yield return "ConnectionLimits:MaxConcurrentStreams must be at least 1";
        }

        if (RetryAfter < TimeSpan.FromSeconds(1) || RetryAfter > TimeSpan.FromHours(1))
        {
            yield return "ConnectionLimits:RetryAfter must be between 00:00:01 and 01:00:00";
        }

        if (descriptors is { } limit && (ulong)Math.Max(MaxConcurrentConnections ?? 0, MaxConcurrentStreams ?? 0) > limit - DescriptorBudget.Reserve(limit))
        {
            yield return $"ConnectionLimits exceed the process's descriptor budget ({limit} open files minus {DescriptorBudget.Reserve(limit)} reserved)";
        }
    }
}
