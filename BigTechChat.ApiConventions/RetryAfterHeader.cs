using System.Globalization;

namespace BigTechChat.ApiConventions;

/// <summary>The <c>Retry-After</c> of a refusal (503, 429) as delay-seconds, the whole number RFC 9110 §10.2.3 allows.</summary>
public static class RetryAfterHeader
{
    /// <summary><paramref name="wait"/> in whole seconds, rounded up and at least 1: a client told 0 would retry at once.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>The header value for <paramref name="wait"/> (<see cref="Seconds"/>, invariant digits).</summary>
    public static string For(TimeSpan wait) => Seconds(wait).ToString(CultureInfo.InvariantCulture);
}
