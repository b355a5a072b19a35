using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// Bound from <c>RequestLimits</c>: how much ordinary (non-stream) work one host takes on at once. Past
/// <see cref="MaxConcurrent"/> requests wait first-come first-served in a queue of <see cref="MaxQueued"/> for at most
/// <see cref="MaxQueueWait"/>; past either they get 503 with <c>Retry-After</c>. Without this bound an overloaded host
/// queued every request until clients timed out, and the backlog exhausted the process's descriptors (SQLite
/// "unable to open database file" → 500) and HTTP/2 connections (reset → 502) — docs/operations.md.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>
    /// Requests a host executes at once; 1 – 10,000. The default keeps the SQLite connections of three services' requests
    /// (two descriptors each, kept in the pool afterwards) inside the descriptor reserve: 3 × 128 × 2 = 768 of 1,024.
    /// </summary>
    public int MaxConcurrent { get; set; } = 128;

    /// <summary>Requests that may wait for a slot; 0 – 100,000 (0 refuses at once when all slots are taken).</summary>
    public int MaxQueued { get; set; } = 2048;

    /// <summary>The longest a request waits for a slot before it is refused; 10 ms – 60 s.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Retry-After</c> of a refusal; 1 s – 1 h.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The problems with these settings; empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxConcurrent is < 1 or > 10_000)
        {
            yield return "RequestLimits:MaxConcurrent must be between 1 and 10000";
        }

        if (MaxQueued is < 0 or > 100_000)
        {
            yield return "RequestLimits:MaxQueued must be between 0 and 100000";
        }

        if (MaxQueueWait < TimeSpan.FromMilliseconds(10) || MaxQueueWait > TimeSpan.FromMinutes(1))
        {
            yield return "RequestLimits:MaxQueueWait must be between 00:00:00.010 and 00:01:00";
        }

        if (RetryAfter < TimeSpan.FromSeconds(1) || RetryAfter > TimeSpan.FromHours(1))
        {
            yield return "RequestLimits:RetryAfter must be between 00:00:01 and 01:00:00";
        }
    }
}

/// <summary>Marks an endpoint that <see cref="RequestAdmission"/> does not count: event streams have their own cap (<see cref="StreamLimiter"/>).</summary>
public sealed class AdmissionExemptMetadata
{
    public static readonly AdmissionExemptMetadata Instance = new();

    private AdmissionExemptMetadata()
    {
    }
}

/// <summary>
/// Admission control for one host's ordinary requests (see <see cref="RequestLimitOptions"/>): a concurrency limit
/// with a bounded FIFO queue and a bounded wait, refusing the rest with 503 <c>service_unavailable</c> and
/// <c>Retry-After</c> (RFC 9110 §15.6.4, §10.2.3). Streams, health, liveness and metrics are not counted.
/// </summary>
public sealed class RequestAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _slots;
    private readonly RequestLimitOptions _options;
    private readonly string _retryAfter;
    private readonly string _busyDetail;
    private readonly Counter<long> _refused;

    public RequestAdmission(IOptions<RequestLimitOptions> options, IMeterFactory meters)
    {
        _options = options.Value;
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrent,
            QueueLimit = _options.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _retryAfter = RetryAfterHeader.For(_options.RetryAfter);
        _busyDetail = $"The server is busy (requests in progress at its limit of {_options.MaxConcurrent}); retry after {_retryAfter} s";
        _refused = meters.Create("BigTechChat.Admission").CreateCounter<long>(
            "bigtechchat.requests.refused", "{request}", "Requests refused with 503 because the host was at its request limit");
    }

    /// <summary>Requests executing now.</summary>
    public long Executing => _options.MaxConcurrent - (_slots.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Requests waiting for a slot now.</summary>
    public long Queued => _slots.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>The middleware: runs <paramref name="next"/> inside a slot, or answers 503 when none comes in time.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsExempt(context))
        {
            await next(context);
            return;
        }

        var lease = _slots.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            lease = await WaitForSlotAsync(context);
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            context.RequestAborted.ThrowIfCancellationRequested();
            _refused.Add(1);
            context.Response.Headers.RetryAfter = _retryAfter;
            await ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, _busyDetail, ErrorCodes.ServiceUnavailable).ExecuteAsync(context);
            return;
        }

        using (lease)
        {
            await next(context);
        }
    }

    /// <summary>
    /// Waits in the queue for at most <see cref="RequestLimitOptions.MaxQueueWait"/>. Returns a lease that is not acquired
    /// when the queue is full, the wait expired or the client left (the caller tells the last by
    /// <see cref="HttpContext.RequestAborted"/>), and throws for none of them: under overload refusals come by the
    /// thousand a second, and an exception each cost a large share of the host's CPU (docs/operations.md).
    /// </summary>
    private async Task<RateLimitLease> WaitForSlotAsync(HttpContext context)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(_options.MaxQueueWait);
        var acquire = _slots.AcquireAsync(1, deadline.Token);
        if (acquire.IsCompletedSuccessfully)
        {
            // A full queue answers at once with a lease that is not acquired.
            return acquire.Result;
        }

        // A queued acquire is backed by the limiter's own task (AsTask allocates nothing); cancelling it frees its queue place.
        var waiting = acquire.AsTask();
        await ((Task)waiting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (waiting.IsCanceled)
        {
            return NotAdmitted.Lease;
        }

        return await waiting;
    }

    private static bool IsExempt(HttpContext context) =>
        Microsoft.Extensions.Hosting.Extensions.IsInfrastructurePath(context.Request.Path)
        || context.GetEndpoint()?.Metadata.GetMetadata<AdmissionExemptMetadata>() is not null;

    public void Dispose() => _slots.Dispose();

    private sealed class NotAdmitted : RateLimitLease
    {
        public static readonly NotAdmitted Lease = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
