using System.Security.Claims;
using BigTechChat.ServiceDefaults.Collections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.Security;

/// <summary>Why a watched token stopped authorising its stream.</summary>
public enum TokenEndReason
{
    /// <summary>Its jti was revoked (logout).</summary>
    Revoked,

    /// <summary>Its <c>exp</c> plus the allowed clock skew has passed.</summary>
    Expired,
}

/// <summary>
/// Ends long-lived responses (SSE streams) when the token that opened them stops being valid, since the
/// authentication check ran only once, at the start: at <c>exp</c> + <see cref="JwtOptions.ClockSkew"/>; at once when
/// this process hears of a revocation (<see cref="ITokenRevocationList.Revoked"/>); and in any case within
/// <see cref="JwtOptions.RevocationCheckInterval"/>, when every watched jti is re-checked in one batch.
/// </summary>
public sealed partial class TokenLifetimeMonitor : BackgroundService
{
    private readonly ConcurrentMultimap<string, TokenLifetime> _byJti = new();
    private readonly ITokenRevocationList _revocations;
    private readonly IOptions<JwtOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<TokenLifetimeMonitor> _logger;

    public TokenLifetimeMonitor(ITokenRevocationList revocations, IOptions<JwtOptions> options, TimeProvider clock, ILogger<TokenLifetimeMonitor> logger)
    {
        (_revocations, _options, _clock, _logger) = (revocations, options, clock, logger);
        _revocations.Revoked += EndRevoked;
    }

    /// <summary>Tokens being watched now (one per open stream).</summary>
    public int WatchedCount => _byJti.Values.Count();

    /// <summary>
    /// Starts watching the validated token of <paramref name="user"/>; dispose the result when the stream ends.
    /// Throws <see cref="InvalidOperationException"/> for a principal without <c>jti</c> (not one of our access tokens).
    /// </summary>
    public TokenLifetime Watch(ClaimsPrincipal user)
    {
        var jti = user.GetTokenId() ?? throw new InvalidOperationException("The principal carries no jti claim");
        var endsAt = new DateTimeOffset(user.GetTokenExpiry() + _options.Value.ClockSkew, TimeSpan.Zero);
        var lifetime = new TokenLifetime(this, jti, endsAt - _clock.GetUtcNow(), _clock);
        _byJti.Add(jti, lifetime);
        return lifetime;
    }

    /// <summary>Re-checks every watched jti against the revocation list once; the background loop calls it periodically.</summary>
    public async Task CheckRevocationsAsync(CancellationToken cancellationToken)
    {
        var watched = _byJti.Keys.ToList();
        if (watched.Count == 0)
        {
            return;
        }

        foreach (var jti in await _revocations.FindRevokedAsync(watched, cancellationToken))
        {
            EndRevoked(jti);
        }
    }

    public override void Dispose()
    {
        _revocations.Revoked -= EndRevoked;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.RevocationCheckInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckRevocationsAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A failed round keeps the streams open; the next tick tries again.
                    LogCheckFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    internal void Forget(TokenLifetime lifetime)
    {
        _byJti.Remove(lifetime.Jti, lifetime);
    }

    private void EndRevoked(string jti)
    {
        foreach (var lifetime in _byJti[jti])
        {
            lifetime.End(TokenEndReason.Revoked);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking open streams' tokens for revocation failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

/// <summary>
/// One stream's hold on its token: <see cref="Ended"/> is cancelled when the token is revoked or expires.
/// Streams stop writing when it fires and complete their response, so clients reconnect with a fresh token.
/// </summary>
public sealed class TokenLifetime : IDisposable
{
    /// <summary>CancellationTokenSource timers accept at most ~49 days.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TokenLifetimeMonitor _monitor;
    private readonly CancellationTokenSource _ended;
    private int _reason = -1;

    internal TokenLifetime(TokenLifetimeMonitor monitor, string jti, TimeSpan remaining, TimeProvider clock)
    {
        (_monitor, Jti) = (monitor, jti);
        _ended = remaining <= TimeSpan.Zero
            ? new CancellationTokenSource()
            : new CancellationTokenSource(remaining < LongestTimer ? remaining : LongestTimer, clock);
        if (remaining <= TimeSpan.Zero)
        {
            End(TokenEndReason.Expired);
        }
    }

    public string Jti { get; }

    /// <summary>Cancelled when the token stops authorising the stream.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Null while the token is valid.</summary>
    public TokenEndReason? EndReason => _reason >= 0 ? (TokenEndReason)_reason
        : _ended.IsCancellationRequested ? TokenEndReason.Expired : null;

    public void Dispose()
    {
        _monitor.Forget(this);
        _ended.Dispose();
    }

    internal void End(TokenEndReason reason)
    {
        if (!_ended.IsCancellationRequested && Interlocked.CompareExchange(ref _reason, (int)reason, -1) == -1)
        {
            try
            {
                _ended.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended on its own meanwhile.
            }
        }
    }
}
