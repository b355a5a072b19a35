using BigTechChat.Gateway.Edge;
using BigTechChat.Gateway.Health;
using BigTechChat.Gateway.Routing;
using BigTechChat.Gateway.WebClient;
using BigTechChat.ServiceDefaults.Limits;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace BigTechChat.Gateway;

public static class GatewayExtensions
{
    public const string DisplayName = "Gateway";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(DisplayName);
        builder.AddApiConventions();
        builder.AddJwtAuthentication();
        builder.AddApiDocs();
        foreach (var category in RequestLog.UrlLoggingCategories)
        {
            builder.Logging.AddFilter(category, level => level >= LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<RateLimitingOptions>().Bind(builder.Configuration.GetSection(RateLimitingOptions.SectionName)).ValidateDataAnnotations();
        services.AddClientAddress();
        services.AddEdgeCors();
        services.AddEdgeRateLimits();
        services.AddSingleton<ServiceHealthProbe>();
        services.AddReverseProxy();
        // Read lazily like the routes: the gateway's descriptor share depends on whether its hop is multiplexed.
        services.AddSingleton(sp => new HostDescriptorRole(BackendServices.HopIsMultiplexed(sp.GetRequiredService<IConfiguration>())
            ? HostRole.MultiplexingGateway
            : HostRole.Gateway));
        // Read when the proxy first asks, so configuration added after AddGateway (tests, AppHost) still counts.
        services.AddSingleton<IProxyConfigProvider>(sp => new InMemoryConfigProvider(
            GatewayRoutes.Routes(),
            GatewayRoutes.Clusters(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<GatewayOptions>>().Value)));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestLog();
        app.UseEdgeHeaders();
        app.UseApiConventions();
        app.UseWebClient();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyFormat();

        app.MapGatewayHealth();
        app.MapApiDocs(DisplayName);
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(StreamAdmission.LimitStreamsAsync);
            proxy.Use(StreamingResponses.DisableBufferingAsync);
            proxy.Use(ForwarderProblems.WriteOnErrorAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
