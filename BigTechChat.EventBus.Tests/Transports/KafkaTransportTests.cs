using BigTechChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Testcontainers.Kafka;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>A Kafka broker in a container for the whole class, or the reason there is none (no Docker engine).</summary>
public sealed class KafkaBroker : IAsyncLifetime
{
    public KafkaContainer? Container { get; private set; }

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            Container = new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
            await Container.StartAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Unavailable = $"Kafka tests need a Docker engine for Testcontainers.Kafka: {exception.GetType().Name}: {exception.Message}";
            Console.WriteLine($"SKIP {nameof(KafkaTransportTests)}: {Unavailable}");
            Container = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Container is not null)
        {
            await Container.DisposeAsync();
        }
    }
}

public sealed class KafkaTransportTests(KafkaBroker broker) : BrokerTransportContract, IClassFixture<KafkaBroker>
{
    public override ValueTask InitializeAsync()
    {
        if (broker.Unavailable is { } reason)
        {
            InfrastructureRequirement.SkipDockerOnly(reason);
        }

        return ValueTask.CompletedTask;
    }

    protected override void ConfigureTransport(HostApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // No EventBus:Transport: a kafka connection string alone selects Kafka.
            ["ConnectionStrings:kafka"] = broker.Container!.GetBootstrapAddress(),
            ["EventBus:Kafka:PublishTimeout"] = "00:01:00",
        });

    /// <summary>Pausing keeps the container's mapped port, which a stop and start would change.</summary>
    protected override Task StopBrokerAsync() => broker.Container!.PauseAsync();

    protected override Task StartBrokerAsync() => broker.Container!.UnpauseAsync();
}
