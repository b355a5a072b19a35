using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.EventBus.Kafka;

/// <summary>
/// The bus over Kafka, used the standard way: an idempotent <c>acks=all</c> producer keyed by the envelope's key,
/// and one consumer per (topic, group) that commits an offset only after the delivery callback returned.
/// A failed delivery seeks back to the same offset, so it is retried and never skipped.
/// </summary>
public sealed partial class KafkaTransport : IEventTransport, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly KafkaOptions _options;
    private readonly EventBusOptions _bus;
    private readonly EventBusMetrics _metrics;
    private readonly ILogger<KafkaTransport> _logger;
    private readonly Lazy<IProducer<string, string>> _producer;
    private readonly Lazy<IAdminClient> _admin;
    private readonly Lazy<KafkaTopicProvisioner> _topics;
    private int _disposed;

    public KafkaTransport(IOptions<KafkaOptions> options, IOptions<EventBusOptions> busOptions, EventBusMetrics metrics, ILogger<KafkaTransport> logger)
    {
        _options = options.Value;
        _bus = busOptions.Value;
        _metrics = metrics;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.BootstrapServers))
        {
            throw new InvalidOperationException("EventBus:Transport 'kafka' needs ConnectionStrings:kafka (bootstrap servers).");
        }

        _producer = new(() => new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = (int)_options.PublishTimeout.TotalMilliseconds,
        }).SetLogHandler(LogClient).Build());
        _admin = new(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _options.BootstrapServers, ClientId = ClientId })
            .SetLogHandler(LogClient).Build());
        _topics = new(() => new KafkaTopicProvisioner(_admin.Value, _options));
    }

    public string Name => "kafka";

    private string ClientId => $"{_bus.ServiceName}-{_bus.InstanceId}";

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        await _topics.Value.EnsureAsync(envelope.Topic, cancellationToken);
        await _producer.Value.ProduceAsync(envelope.Topic, KafkaMessageMapping.ToMessage(envelope), cancellationToken);
    }

    public async Task ConsumeAsync(
        string topic,
        string consumerGroup,
        Func<EventEnvelope, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        await _topics.Value.EnsureAsync(topic, cancellationToken);
        // Consume() blocks; a dedicated thread keeps it off the thread pool.
        await Task.Factory.StartNew(
            () => RunConsumer(topic, consumerGroup, deliver, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => await Task.Run(() =>
    {
        try
        {
            return _admin.Value.GetMetadata(_options.MetadataTimeout).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }, cancellationToken);

    /// <summary>Runs once even though DI disposes the instance under both its keyed and its default registration.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    private void RunConsumer(string topic, string group, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        using var consumer = BuildConsumer(topic, group);
        consumer.Subscribe(topic);
        try
        {
            var failures = 0;
            while (true)
            {
                var result = consumer.Consume(cancellationToken);
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    _metrics.RecordConsumerLag(topic, group, result.Partition.Value, 0);
                    continue;
                }

                try
                {
                    deliver(KafkaMessageMapping.ToEnvelope(result), cancellationToken).GetAwaiter().GetResult();
                    failures = 0;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    LogDeliveryFailed(_logger, exception, topic, group, result.Offset.Value, failures);
                    consumer.Seek(result.TopicPartitionOffset);
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, failures))));
                    continue;
                }

                Commit(consumer, result, group);
            }
        }
        finally
        {
            consumer.Close();
            _metrics.ForgetConsumerLag(topic, group);
        }
    }

    private IConsumer<string, string> BuildConsumer(string topic, string group) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = group,
            ClientId = ClientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            // Per-instance (fan-out) groups only care about what happens from now on; service groups catch up.
            AutoOffsetReset = group == _bus.PerInstanceGroup ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
        })
        .SetLogHandler(LogClient)
        .SetPartitionsAssignedHandler((_, partitions) => LogAssigned(_logger, group, string.Join(',', partitions)))
        .SetPartitionsRevokedHandler((_, partitions) =>
        {
            foreach (var partition in partitions)
            {
                _metrics.ForgetConsumerLag(topic, group, partition.Partition.Value);
            }
        })
        .Build();

    private void Commit(IConsumer<string, string> consumer, ConsumeResult<string, string> result, string group)
    {
        try
        {
            consumer.Commit(result);
            var high = consumer.GetWatermarkOffsets(result.TopicPartition).High;
            if (high.Value >= 0)
            {
                _metrics.RecordConsumerLag(result.Topic, group, result.Partition.Value, high.Value - result.Offset.Value - 1);
            }
        }
        catch (KafkaException exception)
        {
            // Typically a rebalance took the partition; its next owner re-reads from the last commit (handlers are idempotent).
            LogCommitFailed(_logger, exception, result.Topic, group, result.Offset.Value);
        }
    }

    /// <summary>librdkafka's own log lines; the client argument is unusable while the client is still being built.</summary>
    private void LogClient(IClient client, LogMessage message)
    {
        if (message.Level <= SyslogLevel.Warning)
        {
            LogKafkaClient(_logger, message.Name, message.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {Topic} offset {Offset} to {Group} failed (attempt {Failures}); retrying")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string topic, string group, long offset, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit of {Topic} offset {Offset} for {Group} failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string topic, string group, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Group} assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string group, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client {Client}: {Message}")]
    private static partial void LogKafkaClient(ILogger logger, string client, string message);
}
