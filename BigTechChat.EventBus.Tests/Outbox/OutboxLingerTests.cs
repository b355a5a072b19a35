using System.Collections.Concurrent;
using System.Data.Common;
using BigTechChat.EventBus.Outbox;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>The relay lingers after a commit wakes it, so the commits of that moment go out as one batch (issue 10).</summary>
public sealed class OutboxLingerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commits_made_while_the_relay_lingers_go_out_in_one_batch()
    {
        var firstPassDone = new FirstPassProbe();
        await using var harness = await OutboxRelayHarness.SqliteAsync(firstPassDone);
        var transport = new RecordingTransport();
        var batches = new BatchSizes(transport);
        var signal = new OutboxSignal();
        var relay = harness.Relay(batches, signal: signal, options: new EventBusOptions
        {
            ServiceName = "relay-test",
            OutboxPollInterval = TimeSpan.FromHours(1),
            OutboxLinger = TimeSpan.FromSeconds(2),
        });
        await relay.StartAsync(Ct);
        try
        {
            // The start-up pass publishes without lingering; commits count from when it is over.
            await firstPassDone.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            for (var number = 0; number < 5; number++)
            {
                await harness.StoreEventsAsync(1, from: number);
                signal.Notify();
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (transport.Published.Count < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, Ct);
            }

            Assert.Equal([5], batches.Sizes);
            Assert.Equal([0, 1, 2, 3, 4], transport.Published.Select(e => e.Payload).Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("number").GetInt32()));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Records how many envelopes each batch the relay hands over holds, then lets the broker publish it.</summary>
    private sealed class BatchSizes(IEventTransport broker) : IEventTransport
    {
        public ConcurrentQueue<int> Sizes { get; } = new();

        public string Name => broker.Name;

        public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken) => broker.PublishAsync(envelope, cancellationToken);

        public Task PublishBatchAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
        {
            Sizes.Enqueue(envelopes.Count);
            return broker.PublishBatchAsync(envelopes, cancellationToken);
        }

        public Task ConsumeAsync(string topic, string consumerGroup, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken) =>
            broker.ConsumeAsync(topic, consumerGroup, deliver, cancellationToken);

        public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => broker.IsAvailableAsync(cancellationToken);
    }

    /// <summary>Completes when the relay's start-up pass has run its last statement (the inbox clean-up).</summary>
    private sealed class FirstPassProbe : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("DELETE", StringComparison.Ordinal) && command.CommandText.Contains("processed_events", StringComparison.Ordinal))
            {
                _done.TrySetResult();
            }

            return ValueTask.FromResult(result);
        }
    }
}
