using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Presence;

/// <summary>Reports users whose heartbeat TTL lapsed as offline, and refreshes the <c>users_online</c> gauge.</summary>
internal sealed partial class PresenceSweeper(
    IServiceScopeFactory scopes,
    PresenceTracker tracker,
    UserMetrics metrics,
    IOptions<PresenceOptions> options,
    TimeProvider clock,
    ILogger<PresenceSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception);
            }

            await Task.Delay(options.Value.SweepInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var lapsed = await tracker.CollectLapsedAsync(cancellationToken);
        if (lapsed.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PresenceRecorder>().LapsedAsync(lapsed, cancellationToken);
        }

        metrics.SetOnline(await tracker.CountOnlineAsync(cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence sweep failed; retrying next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
