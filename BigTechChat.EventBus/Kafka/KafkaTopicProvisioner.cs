using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace BigTechChat.EventBus.Kafka;

/// <summary>
/// Creates missing topics before first use: API.md §8's with their partitions and retention, each with its
/// <c>.dlq</c>, and any other topic asked for with the defaults. Existing topics are left as they are.
/// </summary>
internal sealed class KafkaTopicProvisioner(IAdminClient admin, KafkaOptions options)
{
    private readonly ConcurrentDictionary<string, bool> _ensured = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task EnsureAsync(string topic, CancellationToken cancellationToken)
    {
        if (_ensured.ContainsKey(topic))
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_ensured.ContainsKey(topic))
            {
                return;
            }

            var wanted = _ensured.IsEmpty ? Specifications() : [];
            if (!wanted.Any(s => s.Name == topic))
            {
                wanted = [.. wanted, Specification(topic, options.DefaultPartitions, RetentionOf(topic))];
            }

            await CreateMissingAsync(wanted);
            foreach (var specification in wanted)
            {
                _ensured[specification.Name] = true;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private List<TopicSpecification> Specifications() =>
    [
        .. Topics.All.Select(t => Specification(t.Name, t.Partitions, t.Retention)),
        .. Topics.All.Select(t => Specification(Topics.DeadLetter(t.Name), options.DefaultPartitions, options.DeadLetterRetention)),
    ];

    private TimeSpan RetentionOf(string topic) =>
        topic.EndsWith(Topics.DeadLetterSuffix, StringComparison.Ordinal) ? options.DeadLetterRetention : TimeSpan.FromDays(7);

    private TopicSpecification Specification(string name, int partitions, TimeSpan retention) => new()
    {
        Name = name,
        NumPartitions = partitions,
        ReplicationFactor = options.ReplicationFactor,
        Configs = new Dictionary<string, string>
        {
            ["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        },
    };

    private async Task CreateMissingAsync(List<TopicSpecification> specifications)
    {
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = options.PublishTimeout });
        }
        catch (CreateTopicsException exception)
            when (exception.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Someone (another instance, the compose init job) created them first.
        }
    }
}
