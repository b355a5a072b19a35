using System.Diagnostics.Metrics;
using BigTechChat.UserService.Passwords;

namespace BigTechChat.UserService;

/// <summary>
/// The user service's meters: <c>users_online</c>, <c>user_logins_total</c> and
/// <c>password_hashing_implementation{implementation="libxcrypt"|"BCrypt.Net-Next"}</c> (always 1).
/// </summary>
public sealed class UserMetrics
{
    public const string MeterName = "BigTechChat.Users";

    private readonly Counter<long> _logins;
    private long _online;

    public UserMetrics(IMeterFactory meterFactory, PasswordHasher hasher)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>("user_logins_total", description: "Successful and failed login attempts");
        meter.CreateObservableGauge("users_online", () => Interlocked.Read(ref _online), description: "Users currently online");
        meter.CreateObservableGauge("password_hashing_implementation",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>("implementation", hasher.Implementation)),
            description: "The bcrypt the service hashes with, as the implementation label");
    }

    public void Login(bool succeeded) =>
        _logins.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));

    public void SetOnline(long count) => Interlocked.Exchange(ref _online, count);
}
