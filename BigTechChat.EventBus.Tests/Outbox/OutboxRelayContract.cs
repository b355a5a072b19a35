using BigTechChat.EventBus.Outbox;
using BigTechChat.EventBus.Tests.Transports;
using BigTechChat.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BigTechChat.EventBus.Tests.Outbox;

/// <summary>
/// What the outbox relay guarantees on each database: rows published in id order, once while the relays sharing the
/// database are healthy, a failed batch retried in order, a crashed relay's lease taken over after 30 s; and the cost
/// of a batch (a few statements, each a fixed SQL text EF can cache).
/// </summary>
public abstract class OutboxRelayContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<OutboxRelayHarness> CreateAsync(params IInterceptor[] interceptors);

    [Fact]
    public async Task A_batch_of_pending_events_is_published_in_order_with_three_statements()
    {
        await using var harness = await CreateAsync(new CommandRecorder());
        await harness.StoreEventsAsync(50);
        var transport = new RecordingTransport();
        var relay = harness.Relay(transport);

        var commands = CommandRecorder.Record();
        var published = await relay.PublishPendingAsync(Ct);

        Assert.Equal(50, published);
        Assert.Equal(3, commands.Count);
        var rows = await harness.RowsAsync();
        Assert.Equal(rows.Select(r => r.Id), transport.Ids(rows));
        Assert.All(rows, r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
        Assert.Equal(0, await relay.PublishPendingAsync(Ct));
    }

    [Fact]
    public async Task A_failed_publish_marks_what_went_before_records_the_error_and_the_next_pass_resumes_in_order()
    {
        await using var harness = await CreateAsync();
        await harness.StoreEventsAsync(50);
        var transport = new RecordingTransport();
        transport.BeforePublish = (taken, _) =>
        {
            if (taken == 20)
            {
                transport.BeforePublish = null;
                throw new InvalidOperationException("broker hiccup");
            }

            return Task.CompletedTask;
        };
        var relay = harness.Relay(transport);

        var failure = await Assert.ThrowsAsync<EventPublishException>(() => relay.PublishPendingAsync(Ct));

        Assert.Equal(20, failure.Published);
        var rows = await harness.RowsAsync();
        Assert.All(rows.Take(20), r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
        Assert.All(rows.Skip(20), r => Assert.Equal((null, (DateTime?)null), (r.PublishedAt, r.LockedUntil)));
        Assert.Equal((1, "broker hiccup"), (rows[20].Attempts, rows[20].LastError));
        Assert.All(rows.Skip(21), r => Assert.Equal((0, (string?)null), (r.Attempts, r.LastError)));

        Assert.Equal(30, await relay.PublishPendingAsync(Ct));
        rows = await harness.RowsAsync();
        Assert.Equal(rows.Select(r => r.Id), transport.Ids(rows));
        Assert.All(rows, r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
    }

    /// <summary>
    /// Pomelo writes <c>Contains</c> over a list as <c>IN (1, 2, …)</c> with the ids inlined, a new SQL text per
    /// batch that EF must generate again each time; selecting rows by their lease keeps every text fixed.
    /// </summary>
    [Fact]
    public async Task Every_relay_statement_is_one_fixed_text_whatever_ids_it_selects()
    {
        await using var harness = await CreateAsync(new CommandRecorder());
        var transport = new RecordingTransport();
        var relay = harness.Relay(transport);

        async Task<List<string>> PassAsync(int events, int? failAt = null)
        {
            await harness.StoreEventsAsync(events);
            var failAtTotal = transport.Published.Count + failAt;
            transport.BeforePublish = (taken, _) => taken == failAtTotal ? throw new InvalidOperationException("broker hiccup") : Task.CompletedTask;
            var commands = CommandRecorder.Record();
            if (failAt is null)
            {
                Assert.Equal(events, await relay.PublishPendingAsync(Ct));
            }
            else
            {
                Assert.Equal(failAt, (await Assert.ThrowsAsync<EventPublishException>(() => relay.PublishPendingAsync(Ct))).Published);
                transport.BeforePublish = null;
                Assert.Equal(events - failAt, await relay.PublishPendingAsync(Ct));
            }

            return [.. commands.Select(c => c.Sql)];
        }

        var first = await PassAsync(10);
        var second = await PassAsync(25);
        var firstFailing = await PassAsync(10, failAt: 3);
        var secondFailing = await PassAsync(30, failAt: 12);

        Assert.Equal(first, second);
        Assert.Equal(firstFailing, secondFailing);
        Assert.All(first.Concat(firstFailing), sql => Assert.DoesNotContain(" IN (", sql, StringComparison.OrdinalIgnoreCase));
        var rows = await harness.RowsAsync();
        Assert.Equal(rows.Select(r => r.Id), transport.Ids(rows));
    }

    [Fact]
    public async Task Two_relays_over_one_database_publish_every_row_once_each_in_id_order()
    {
        await using var harness = await CreateAsync();
        await harness.StoreEventsAsync(1_000);
        var clock = new ManualClock();
        var (a, b) = (new RecordingTransport(), new RecordingTransport());
        // Each relay's first envelope waits until the other holds a lease too, so both take part.
        var (aLeased, bLeased) = (NewSignal(), NewSignal());
        a.BeforePublish = (_, ct) => FirstPublishAsync(a, aLeased, bLeased, ct);
        b.BeforePublish = (_, ct) => FirstPublishAsync(b, bLeased, aLeased, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));

        // The clock stands still, so no lease expires: a row left leased would keep both loops running until the timeout.
        await Task.WhenAll(
            Task.Run(() => PublishUntilNoneLeftAsync(harness, harness.Relay(a, clock, "a"), timeout.Token), timeout.Token),
            Task.Run(() => PublishUntilNoneLeftAsync(harness, harness.Relay(b, clock, "b"), timeout.Token), timeout.Token));

        var rows = await harness.RowsAsync();
        var (byA, byB) = (a.Ids(rows), b.Ids(rows));
        Assert.Equal(rows.Select(r => r.Id), byA.Concat(byB).Order());
        Assert.NotEmpty(byA);
        Assert.NotEmpty(byB);
        Assert.Equal(byA.Order(), byA);
        Assert.Equal(byB.Order(), byB);
        Assert.All(rows, r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
    }

    [Fact]
    public async Task A_crashed_relay_s_rows_are_published_by_another_once_its_lease_has_expired()
    {
        await using var harness = await CreateAsync();
        await harness.StoreEventsAsync(20);
        var clock = new ManualClock();
        var (crashing, survivor) = (new RecordingTransport(), new RecordingTransport());
        var leased = NewSignal();
        crashing.BeforePublish = async (_, ct) =>
        {
            leased.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var crashed = harness.Relay(crashing, clock, "crashing").PublishPendingAsync(crash.Token);
        await leased.Task.WaitAsync(Ct);
        var relay = harness.Relay(survivor, clock, "survivor");

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await relay.PublishPendingAsync(Ct));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(20, await relay.PublishPendingAsync(Ct));

        var rows = await harness.RowsAsync();
        Assert.Equal(rows.Select(r => r.Id), survivor.Ids(rows));
        Assert.All(rows, r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed);
        Assert.Empty(crashing.Published);
    }

    /// <summary>
    /// Between reading its candidates and leasing them, another relay takes a candidate and releases a row in between:
    /// the lease holds as many rows as there were candidates, but not the same ones.
    /// </summary>
    [Fact]
    public async Task A_pass_publishes_exactly_the_rows_it_leased_in_order_when_they_differ_from_what_it_read()
    {
        var beforeLease = new BeforeNextUpdate();
        await using var harness = await CreateAsync(beforeLease);
        await harness.StoreEventsAsync(4);
        var clock = new ManualClock();
        var otherLease = clock.GetUtcNow().UtcDateTime.AddSeconds(30);
        var ids = (await harness.RowsAsync()).Select(r => r.Id).ToList();
        await harness.SetLeaseAsync(ids[2], "relay-test-other/1", otherLease);
        var transport = new RecordingTransport();
        var relay = harness.Relay(transport, clock);
        beforeLease.Arm(async () =>
        {
            await harness.SetLeaseAsync(ids[0], "relay-test-other/2", otherLease);
            await harness.SetLeaseAsync(ids[2], null, null);
        });

        Assert.Equal(3, await relay.PublishPendingAsync(Ct));

        var rows = await harness.RowsAsync();
        Assert.Equal(ids[1..], transport.Ids(rows));
        Assert.Equal((null, otherLease), (rows[0].PublishedAt, rows[0].LockedUntil));
        Assert.All(rows.Skip(1), r => Assert.Equal((true, (DateTime?)null), (r.PublishedAt is not null, r.LockedUntil)));
    }

    /// <summary>Its waiters continue on their own threads: SQLite's async calls complete synchronously, so an inline one could run a whole relay loop inside SetResult.</summary>
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task FirstPublishAsync(RecordingTransport transport, TaskCompletionSource leased, TaskCompletionSource otherLeased, CancellationToken cancellationToken)
    {
        transport.BeforePublish = null;
        leased.SetResult();
        await otherLeased.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs passes until a pass publishes nothing and no row is left unpublished (the other relay may hold some).</summary>
    private static async Task PublishUntilNoneLeftAsync(OutboxRelayHarness harness, OutboxRelay<ContractOutboxDb> relay, CancellationToken cancellationToken)
    {
        var published = -1;
        while (published != 0 || await harness.AnyUnpublishedAsync(cancellationToken))
        {
            published = await relay.PublishPendingAsync(cancellationToken);
        }
    }
}

public sealed class SqliteOutboxRelayTests : OutboxRelayContract
{
    protected override Task<OutboxRelayHarness> CreateAsync(params IInterceptor[] interceptors) => OutboxRelayHarness.SqliteAsync(interceptors);
}

public sealed class MariaDbOutboxRelayTests : OutboxRelayContract
{
    protected override Task<OutboxRelayHarness> CreateAsync(params IInterceptor[] interceptors) => OutboxRelayHarness.MariaDbAsync(interceptors);
}
