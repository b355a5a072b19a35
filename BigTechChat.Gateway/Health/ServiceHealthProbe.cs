using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BigTechChat.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Health;

public sealed record ServiceHealth(string Status);

public sealed record GatewayHealth(string Status, IReadOnlyDictionary<string, ServiceHealth> Services)
{
    [JsonIgnore]
    public bool IsHealthy => Status == ServiceHealthProbe.Healthy;
}

/// <summary>
/// Asks every back-end service's <c>/health</c> in parallel with a short timeout. It owns a plain HttpClient:
/// the default resilience handler would retry a dead service for seconds, and a probe must answer now.
/// </summary>
public sealed class ServiceHealthProbe(IConfiguration configuration, IOptions<GatewayOptions> options) : IDisposable
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Unreachable = "unreachable";

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = options.Value.HealthProbeTimeout })
    {
        Timeout = options.Value.HealthProbeTimeout,
    };

    public async Task<GatewayHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var names = BackendServices.Names.ToArray();
        var results = await Task.WhenAll(names.Select(name => CheckServiceAsync(name, cancellationToken)));
        var services = names.Zip(results).ToDictionary(pair => pair.First, pair => pair.Second);
        var status = results.All(r => r.Status == Healthy) ? Healthy : Unhealthy;
        return new GatewayHealth(status, services);
    }

    private async Task<ServiceHealth> CheckServiceAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(BackendServices.AddressOf(configuration, service), "health"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new ServiceHealth(Unhealthy);
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var healthy = body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && status.GetString() == Healthy;
            return new ServiceHealth(healthy ? Healthy : Unhealthy);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException)
        {
            return new ServiceHealth(Unreachable);
        }
    }

    public void Dispose() => _http.Dispose();
}
