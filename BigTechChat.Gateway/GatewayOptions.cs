using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway;

/// <summary>Gateway settings, section <c>Gateway</c>; every value has a working default.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>How long a forwarded request may go without any data moving.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Streams send a ping every 15 s; anything silent for this long is dead.</summary>
    [TimeSpanRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Per-service timeout of the aggregated <c>/health</c> probe.</summary>
    [TimeSpanRange("00:00:00.001", "00:05:00")]
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Allowed CORS origins; empty means any origin, without credentials.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Proxies (addresses or CIDR networks, e.g. the ingress) whose <c>X-Forwarded-For</c> names the real client
    /// for rate limiting. Loopback is always trusted; nobody else is unless listed.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}

/// <summary>Per-client-IP limits, section <c>RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Load tests turn this off; production never should.</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, int.MaxValue)]
    public int PermitsPerMinute { get; set; } = 100;

    [Range(1, int.MaxValue)]
    public int LoginPermitsPerMinute { get; set; } = 10;
}
