namespace BigTechChat.ServiceDefaults.Limits;

/// <summary>
/// Bound from <c>Http2Cleartext</c>: the port where a service accepts HTTP/2 with prior knowledge (h2c, RFC 9113
/// §3.3) for the gateway's multiplexed hop, so 10,000 proxied streams share a few connections instead of holding a
/// socket each. Kestrel speaks only HTTP/1.1 on a cleartext <c>Http1AndHttp2</c> endpoint (no ALPN), hence a
/// dedicated HTTP/2-only endpoint; the port must also be one of the server's URLs (<c>ASPNETCORE_HTTP_PORTS</c>, <c>urls</c>).
/// </summary>
public sealed class Http2CleartextOptions
{
    public const string SectionName = "Http2Cleartext";

    /// <summary>The server URL port that speaks HTTP/2 only; null: none (the gateway then uses HTTP/1.1).</summary>
    public int? Port { get; set; }

    /// <summary>
    /// Concurrent streams per HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS, Kestrel's default is 100): 10,000
    /// gateway streams then need 10 connections, not 100. Applies to every HTTP/2 connection of the host. At least
    /// 100: .NET's client assumes 100 until the server's SETTINGS arrive, and a burst past a lower limit is refused
    /// (REFUSED_STREAM), which the gateway would answer with 502.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 1_000;

    /// <summary>The lowest <see cref="MaxStreamsPerConnection"/> a client's first burst cannot overrun.</summary>
    public const int MinStreamsPerConnection = 100;
}
