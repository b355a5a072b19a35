using BigTechChat.EventBus.InProcess;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EventBus.Tests.Transports;

public sealed class InProcessTransportTests : TransportContract
{
    private readonly InProcessBroker _broker = new();

    /// <summary>Hosts share one broker, as the embedded AppHost's services do.</summary>
    protected override void ConfigureTransport(HostApplicationBuilder builder) => builder.Services.AddSingleton(_broker);
}
