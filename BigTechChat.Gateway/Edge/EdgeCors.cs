using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Edge;

/// <summary>Browsers call the API from other origins; preflights are answered here, before authentication.</summary>
public static class EdgeCors
{
    public static IServiceCollection AddEdgeCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) =>
            cors.AddDefaultPolicy(policy =>
            {
                var origins = gateway.Value.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray();
                if (origins.Length == 0)
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins).AllowCredentials();
                }

                policy.AllowAnyMethod()
                    .AllowAnyHeader()
                    .WithExposedHeaders(EdgeHeaders.RequestId, "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }
}
