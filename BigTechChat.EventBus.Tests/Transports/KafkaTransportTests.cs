using BigTechChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Testcontainers.Kafka;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>A Kafka broker in a container for the whole class.</summary>
public sealed class KafkaBroker : DockerContainer<KafkaContainer>
{
    protected override KafkaContainer Build() => new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
}

public sealed class KafkaTransportTests(KafkaBroker broker) : BrokerTransportContract, IClassFixture<KafkaBroker>
{
    public override ValueTask InitializeAsync()
    {
        broker.SkipIfUnavailable();
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureTransport(HostApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // No EventBus:Transport: a kafka connection string alone selects Kafka.
            ["ConnectionStrings:kafka"] = broker.Container.GetBootstrapAddress(),
            ["EventBus:Kafka:PublishTimeout"] = "00:01:00",
        });

    /// <summary>Pausing keeps the container's mapped port, which a stop and start would change.</summary>
    protected override Task StopBrokerAsync() => broker.Container.PauseAsync();

    protected override Task StartBrokerAsync() => broker.Container.UnpauseAsync();
}
