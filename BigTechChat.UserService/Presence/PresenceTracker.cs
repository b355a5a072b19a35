namespace BigTechChat.UserService.Presence;

/// <summary>
/// Who is online. A heartbeat keeps a user online for a time-to-live; a user is "announced" online from the
/// heartbeat that found them absent until logout or until a collected lapse, so each transition is reported once
/// even with several service instances sharing one store.
/// </summary>
public abstract class PresenceTracker
{
    /// <summary>Extends the user's TTL; true when the user was not announced online before (came online now).</summary>
    public abstract Task<bool> HeartbeatAsync(long userId, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Takes the user offline at once; true when the user was announced online.</summary>
    public abstract Task<bool> SetOfflineAsync(long userId, CancellationToken cancellationToken = default);

    public abstract Task<bool> IsOnlineAsync(long userId, CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken = default);

    /// <summary>Removes the users whose TTL lapsed and returns them; each lapse is handed to exactly one caller.</summary>
    public abstract Task<IReadOnlyList<long>> CollectLapsedAsync(CancellationToken cancellationToken = default);

    /// <summary>How many users are announced online.</summary>
    public abstract Task<long> CountOnlineAsync(CancellationToken cancellationToken = default);
}
