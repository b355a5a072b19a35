using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Edge;

/// <summary>Behind an ingress every request comes from the ingress; limits must count the client it names.</summary>
public static class ClientAddress
{
    public static IServiceCollection AddClientAddress(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in gateway.Value.TrustedProxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    throw new OptionsValidationException(nameof(GatewayOptions), typeof(GatewayOptions),
                        [$"Gateway:TrustedProxies entry '{proxy}' is neither an IP address nor a CIDR network."]);
                }
            }
        });
        return services;
    }
}
