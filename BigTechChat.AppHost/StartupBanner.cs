using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.AppHost;

/// <summary>Once the gateway is healthy: the topology, the gateway URL, the dashboard URL and how long startup took.</summary>
internal static class StartupBanner
{
    public static async Task PrintWhenReadyAsync(DistributedApplication app, Topology topology)
    {
        var (resource, endpoint) = topology == Topology.Embedded ? ("embedded", "gateway") : ("gateway", "http");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var gateway = model.Resources.OfType<IResourceWithEndpoints>().Single(r => r.Name == resource).GetEndpoint(endpoint);
        var dashboard = app.Services.GetRequiredService<IConfiguration>()["ASPNETCORE_URLS"]?.Split(';')[0] ?? "(not started)";
        var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.WriteLine($"""

            BigTech Chat is ready ({topology.ToString().ToLowerInvariant()} topology, {elapsed.TotalSeconds:F1} s after launch)
              Gateway    {gateway.Url}      (clients use this; docs at :8005/docs, :8003/docs, :8002/docs)
              Dashboard  {dashboard}     (resources, console logs, structured logs, traces, metrics)
              Press Ctrl+C to stop.

            """);
    }
}
