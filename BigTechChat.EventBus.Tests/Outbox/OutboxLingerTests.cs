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
        var signal = new OutboxSignal();
        var relay = harness.Relay(transport, signal: signal, options: new EventBusOptions
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

            Assert.Equal([5], transport.Batches);
            Assert.Equal([0, 1, 2, 3, 4], transport.Published.Select(e => e.Payload).Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("number").GetInt32()));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
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
