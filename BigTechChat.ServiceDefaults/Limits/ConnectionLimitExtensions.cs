using BigTechChat.ServiceDefaults.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Overload is refused, never fatal: descriptor-derived caps on connections and streams per host.</summary>
public static partial class ConnectionLimitExtensions
{
    /// <summary>
    /// Raises the open-file soft limit to the hard limit, binds and validates <see cref="ConnectionLimitOptions"/>, caps
    /// the server's concurrent connections and registers the host's <see cref="StreamLimiter"/>.
    /// </summary>
    public static TBuilder AddConnectionLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var descriptors = DescriptorLimit.RaiseSoftLimit()?.Soft;
        builder.Services.AddOptions<ConnectionLimitOptions>()
            .Bind(builder.Configuration.GetSection(ConnectionLimitOptions.SectionName))
            .Validate(o => !o.Problems(descriptors).Any(), "ConnectionLimits are invalid: out of range or beyond the descriptor budget")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => ConnectionLimits.From(
            sp.GetRequiredService<IOptions<ConnectionLimitOptions>>().Value, descriptors, sp.GetService<HostDescriptorRole>()?.Role ?? HostRole.Service));
        builder.Services.AddSingleton<StreamLimiter>();
        builder.Services.AddOptions<RequestLimitOptions>()
            .Bind(builder.Configuration.GetSection(RequestLimitOptions.SectionName))
            .Validate(o => !o.Problems().Any(), "RequestLimits are invalid: out of range")
            .ValidateOnStart();
        builder.Services.AddSingleton<RequestAdmission>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, sp) =>
            kestrel.Limits.MaxConcurrentConnections = sp.GetRequiredService<ConnectionLimits>().Connections);
        builder.Services.AddHostedService<ConnectionLimitsReport>();
        builder.AddHttp2Cleartext();
        return builder;
    }

    /// <summary>Makes the <see cref="Http2CleartextOptions.Port"/> endpoint HTTP/2-only and sets the HTTP/2 stream limit.</summary>
    public static TBuilder AddHttp2Cleartext<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<Http2CleartextOptions>()
            .Bind(builder.Configuration.GetSection(Http2CleartextOptions.SectionName))
            .Validate(o => o.Port is null or > 0 and <= 65_535, "Http2Cleartext:Port must be a TCP port (1-65535)")
            .Validate(o => o.MaxStreamsPerConnection >= Http2CleartextOptions.MinStreamsPerConnection, "Http2Cleartext:MaxStreamsPerConnection must be at least 100")
            .ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<Http2CleartextOptions>>((kestrel, http2) =>
        {
            var options = http2.Value;
            kestrel.Limits.Http2.MaxStreamsPerConnection = Math.Max(Http2CleartextOptions.MinStreamsPerConnection, options.MaxStreamsPerConnection);
            if (options.Port is { } port)
            {
                // Applied to every endpoint the server binds from its URLs; only the h2c port changes.
                kestrel.ConfigureEndpointDefaults(listen =>
                {
                    if (listen.IPEndPoint?.Port == port)
                    {
                        listen.Protocols = HttpProtocols.Http2;
                    }
                });
            }
        });
        return builder;
    }

    /// <summary>
    /// Admission control for the host's ordinary requests (<see cref="RequestAdmission"/>): call after
    /// <c>UseApiConventions</c>, so a client that leaves while queued is recorded as such, and before authentication,
    /// so a refused request costs no token check.
    /// </summary>
    public static IApplicationBuilder UseRequestAdmission(this IApplicationBuilder app)
    {
        var admission = app.ApplicationServices.GetRequiredService<RequestAdmission>();
        return app.Use(admission.InvokeAsync);
    }

    /// <summary>
    /// Counts the endpoint against the host's <see cref="StreamLimiter"/> (503 + <c>Retry-After</c> when full) instead
    /// of its <see cref="RequestAdmission"/>, which would otherwise hold a request slot for the stream's lifetime.
    /// </summary>
    public static RouteHandlerBuilder WithStreamLimit(this RouteHandlerBuilder route) =>
        route.WithMetadata(AdmissionExemptMetadata.Instance).AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<StreamLimiter>().TryEnter(context.HttpContext) ?? await next(context))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private sealed partial class ConnectionLimitsReport(ConnectionLimits limits, ILogger<ConnectionLimitsReport> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogLimits(logger, limits.Descriptors?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", limits.Connections, limits.Streams);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Open-file limit {Descriptors}: accepting up to {Connections} connections and {Streams} streams")]
        private static partial void LogLimits(ILogger logger, string descriptors, long connections, int streams);
    }
}
