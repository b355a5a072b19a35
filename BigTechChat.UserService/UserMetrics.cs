using System.Diagnostics.Metrics;

namespace BigTechChat.UserService;

/// <summary>The user service's meters: <c>users_online</c> and <c>user_logins_total</c>.</summary>
public sealed class UserMetrics
{
    public const string MeterName = "BigTechChat.Users";

    private readonly Counter<long> _logins;
    private long _online;

    public UserMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>("user_logins_total", description: "Successful and failed login attempts");
        meter.CreateObservableGauge("users_online", () => Interlocked.Read(ref _online), description: "Users currently online");
    }

    public void Login(bool succeeded) =>
        _logins.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));

    public void SetOnline(long count) => Interlocked.Exchange(ref _online, count);
}
