using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.EventBus.Outbox;

/// <summary>
/// Publishes what the outbox holds, in order, until the broker has taken it: shortly after each commit (the
/// <see cref="EventBusOptions.OutboxLinger"/> gathers the commits of that moment into one batch), every poll interval,
/// and after a crash or a broker outage. Rows are leased so two instances never publish one twice.
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IEventTransport transport,
    OutboxSignal signal,
    EventBusMetrics metrics,
    IOptions<EventBusOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext, IOutboxDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private const int LockedByLength = 64;
    private const int LeaseTokenDigits = 16;
    private readonly string _relayId = Truncate($"{options.Value.ServiceName}-{options.Value.InstanceId}", LockedByLength - LeaseTokenDigits - 1);
    private DateTime _nextCleanup = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                failures = 0;
                await CleanupAsync(stoppingToken);
                if (published >= BatchSize)
                {
                    continue;
                }

                if (await signal.WaitAsync(options.Value.OutboxPollInterval, stoppingToken) && options.Value.OutboxLinger > TimeSpan.Zero)
                {
                    await Task.Delay(options.Value.OutboxLinger, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                LogRelayFailed(logger, exception, failures);
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(failures, 10))));
                await Task.Delay(delay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Publishes one leased batch, in id order; returns how many rows were published (at most <c>BatchSize</c>; more
    /// only when rows committed late or were released inside the leased id range). Three statements per batch: read
    /// the candidates (the first unpublished, unleased rows by id), lease the unleased rows of their id range under a
    /// token unique to this pass, and mark the batch published by that token; a fourth reads the leased rows back by
    /// the token when they may differ from the candidates (a gap in the range, or another relay leased some first).
    /// Every statement selects rows by parameters, never by a list of ids, so EF keeps its SQL. Throws
    /// <see cref="EventPublishException"/> when the broker refused a row, after marking the rows before it published
    /// and releasing it and the rest.
    /// </summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now.Add(LeaseDuration);

        var candidates = await Pending(db, now).AsNoTracking()
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var (first, last) = (candidates[0].Id, candidates[^1].Id);
        var token = NewLeaseToken();
        var leasedCount = await Pending(db, now)
            .Where(m => m.Id >= first && m.Id <= last)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseUntil).SetProperty(m => m.LockedBy, token), cancellationToken);
        if (leasedCount == 0)
        {
            return 0;
        }

        // A range without gaps holds only candidates, so as many leased rows are exactly the candidates.
        var leased = leasedCount == candidates.Count && last - first + 1 == candidates.Count
            ? candidates
            : await Leased(db, token, first, last).AsNoTracking().OrderBy(m => m.Id).ToListAsync(cancellationToken);

        try
        {
            await transport.PublishBatchAsync([.. leased.Select(m => m.ToEnvelope())], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var partial = exception as EventPublishException;
            var published = partial?.Published ?? 0;
            var failed = leased[published];
            await MarkPublishedAsync(db, token, leased[..published]);
            // The failed row and those after it are released at once, so the next pass retries them in order.
            var error = Truncate(partial?.InnerException?.Message ?? exception.Message, 1000);
            await db.OutboxMessages.Where(m => m.Id == failed.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, error), CancellationToken.None);
            await Leased(db, token, failed.Id, last)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }

        await MarkPublishedAsync(db, token, leased);
        return leased.Count;
    }

    /// <summary>Rows no relay holds: unpublished, never leased or with a lease expired before <paramref name="now"/>.</summary>
    private static IQueryable<OutboxMessage> Pending(TContext db, DateTime now) =>
        db.OutboxMessages.Where(m => m.PublishedAt == null && (m.LockedUntil == null || m.LockedUntil < now));

    /// <summary>The unpublished rows of ids <paramref name="from"/> to <paramref name="through"/> that the pass of <paramref name="token"/> leased.</summary>
    private static IQueryable<OutboxMessage> Leased(TContext db, string token, long from, long through) =>
        db.OutboxMessages.Where(m => m.Id >= from && m.Id <= through && m.PublishedAt == null && m.LockedBy == token);

    /// <summary>
    /// This relay's id and random hex digits, within the column's length: unique per pass, also across a restart that
    /// keeps the instance id while the previous process's leases still run.
    /// </summary>
    private string NewLeaseToken() => $"{_relayId}/{RandomNumberGenerator.GetHexString(LeaseTokenDigits, lowercase: true)}";

    private async Task MarkPublishedAsync(TContext db, string token, IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            metrics.Published(message.Topic);
        }

        var at = clock.GetUtcNow().UtcDateTime;
        await Leased(db, token, messages[0].Id, messages[^1].Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, at).SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now.AddMinutes(5);
        var cutoff = now - options.Value.OutboxRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.OutboxMessages.Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.ProcessedEvents.Where(p => p.ProcessedAt < now.AddDays(-7)).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish (attempt {Failures}); will retry")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, int failures);
}
