using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using BigTechChat.ApiConventions;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Passwords;

/// <summary>Bound from the <c>Login</c> section.</summary>
public sealed class LoginOptions
{
    public const string SectionName = "Login";

    /// <summary>Login attempts allowed per account (normalized email) in each window.</summary>
    [Range(1, int.MaxValue)]
    public int AttemptsPerAccount { get; set; } = 10;

    [TimeSpanRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Limits login attempts per account, so guessing one user's password is slow whatever IPs it comes from.</summary>
public sealed class LoginThrottle(IOptions<LoginOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.AttemptsPerAccount),
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    /// <summary>Null when the attempt may proceed, else how long the caller should wait.</summary>
    public TimeSpan? TryAttempt(string normalizedEmail)
    {
        using var lease = _limiter.AttemptAcquire(normalizedEmail);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.Value.Window;
    }

    public void Dispose() => _limiter.Dispose();
}
