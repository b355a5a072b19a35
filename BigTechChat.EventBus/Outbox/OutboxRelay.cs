using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.EventBus.Outbox;

/// <summary>
/// Publishes what the outbox holds, in order, until the broker has taken it: after each commit, every poll
/// interval, and after a crash or a broker outage. Rows are leased so two instances never publish one twice.
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
    private readonly string _relayId = $"{options.Value.ServiceName}-{options.Value.InstanceId}";
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
                if (published == BatchSize)
                {
                    continue;
                }

                await signal.WaitAsync(options.Value.OutboxPollInterval, stoppingToken);
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
    /// Publishes one leased batch; returns how many rows were published. At most three statements per batch: read the
    /// candidates, lease them, mark the published ones (one UPDATE for the batch, not one per row); a fourth read only
    /// when another relay leased some of them first.
    /// </summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now.Add(LeaseDuration);

        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.PublishedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var candidateIds = candidates.Select(m => m.Id).ToList();
        var leasedCount = await db.OutboxMessages
            .Where(m => candidateIds.Contains(m.Id) && m.PublishedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseUntil).SetProperty(m => m.LockedBy, _relayId), cancellationToken);
        var leased = leasedCount == candidates.Count
            ? candidates
            : await db.OutboxMessages.AsNoTracking()
                .Where(m => candidateIds.Contains(m.Id) && m.LockedBy == _relayId && m.LockedUntil == leaseUntil)
                .OrderBy(m => m.Id)
                .ToListAsync(cancellationToken);

        try
        {
            await transport.PublishBatchAsync([.. leased.Select(m => m.ToEnvelope())], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var partial = exception as EventPublishException;
            var published = partial?.Published ?? 0;
            var failed = leased[published];
            await MarkPublishedAsync(db, leased[..published]);
            // The failed row and those after it are released at once, so the next pass retries them in order.
            var error = Truncate(partial?.InnerException?.Message ?? exception.Message, 1000);
            await db.OutboxMessages.Where(m => m.Id == failed.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, error), CancellationToken.None);
            var unpublished = leased.Skip(published).Select(m => m.Id).ToList();
            await db.OutboxMessages.Where(m => unpublished.Contains(m.Id) && m.LockedBy == _relayId && m.PublishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }

        await MarkPublishedAsync(db, leased);
        return leased.Count;
    }

    private async Task MarkPublishedAsync(TContext db, IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            metrics.Published(message.Topic);
        }

        var ids = messages.Select(m => m.Id).ToList();

        var at = clock.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.Where(m => ids.Contains(m.Id))
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
