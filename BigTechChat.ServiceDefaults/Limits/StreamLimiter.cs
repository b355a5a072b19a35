using System.Threading.RateLimiting;
using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Http;

namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// One host's count of open event streams, shared by every stream endpoint (room streams, presence streams, the
/// gateway's proxied streams). A slot is held until the response ends; past the limit a request gets 503 with
/// <c>Retry-After</c> (RFC 9110 §15.6.4, §10.2.3) instead of a socket the process may not have descriptors for.
/// </summary>
public sealed class StreamLimiter(ConnectionLimits limits) : IDisposable
{
    private readonly ConcurrencyLimiter _slots = new(new ConcurrencyLimiterOptions { PermitLimit = limits.Streams, QueueLimit = 0 });
    private readonly string _retryAfter = RetryAfterHeader.For(limits.RetryAfter);
    private readonly string _fullDetail =
        $"This server holds its maximum of {limits.Streams} open streams; retry after {RetryAfterHeader.Seconds(limits.RetryAfter)} seconds";

    /// <summary>Streams this host serves at once.</summary>
    public int Limit => limits.Streams;

    /// <summary>Streams open now.</summary>
    public long Open => limits.Streams - (_slots.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>
    /// Takes a slot for the rest of <paramref name="context"/>'s response and returns null; when none is free,
    /// returns the 503 problem to answer (its <c>Retry-After</c> header already set).
    /// </summary>
    public IResult? TryEnter(HttpContext context)
    {
        var lease = _slots.AttemptAcquire();
        if (lease.IsAcquired)
        {
            context.Response.RegisterForDispose(lease);
            return null;
        }

        lease.Dispose();
        context.Response.Headers.RetryAfter = _retryAfter;
        return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, _fullDetail, ErrorCodes.ServiceUnavailable);
    }

    public void Dispose() => _slots.Dispose();
}

/// <summary>The limits in force for one host, after deriving the unset ones from the descriptor budget.</summary>
/// <param name="Connections">Open connections the server accepts.</param>
/// <param name="Streams">Open event streams served at once.</param>
/// <param name="RetryAfter">The wait a refused client is told.</param>
/// <param name="Descriptors">The process's soft open-file limit, when the platform has one.</param>
public sealed record ConnectionLimits(long Connections, int Streams, TimeSpan RetryAfter, ulong? Descriptors)
{
    /// <summary>
    /// Fills the unset options from the descriptor budget of a process allowed <paramref name="descriptors"/> open
    /// files, for a host of <paramref name="role"/>.
    /// </summary>
    public static ConnectionLimits From(ConnectionLimitOptions options, ulong? descriptors, HostRole role = HostRole.Service)
    {
        var connections = options.MaxConcurrentConnections ?? DescriptorBudget.ConnectionsPerHost(descriptors, role);
        var streams = options.MaxConcurrentStreams ?? DescriptorBudget.StreamsPerHost(connections, descriptors, role);
        return new ConnectionLimits(connections, streams, options.RetryAfter, descriptors);
    }
}
