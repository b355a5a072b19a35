using System.Net.Http.Json;
using BigTechChat.Testing;

namespace BigTechChat.UserService.Tests;

/// <summary>Issue 8: concurrent writes on the embedded SQLite database never answer 5xx, even with the CPU saturated.</summary>
public sealed class SqliteContentionTests : IAsyncLifetime
{
    private const int Rounds = 6;
    // A short busy timeout turns any writer that SQLite's polling lock wait starves into a visible 5xx.
    private readonly UserServiceFactory _factory = new() { Settings = { ["Database:BusyTimeout"] = "00:00:01" } };
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_registrations_logins_and_profile_updates_on_a_saturated_cpu_never_answer_5xx()
    {
        var errors = new ServerErrorTally();
        var existing = await _client.RegisterAndLoginAsync();

        using var saturation = CpuSaturation.Start();
        for (var round = 0; round < Rounds; round++)
        {
            var names = Enumerable.Range(0, 8).Select(_ => UserApiClient.UniqueName("stress")).ToArray();

            // Each name registered twice at once: the unique-index race, plus logins and profile writes of one user.
            var registrations = names.Concat(names).Select(async name => await errors.CheckAsync(await _client.PostAsJsonAsync(
                "/api/auth/register", new { email = $"{name}@example.com", username = name, password = UserApiClient.Password }, Ct)));
            var logins = Enumerable.Range(0, 6).Select(async _ => await errors.CheckAsync(await _client.PostAsync("/api/auth/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = existing.Email, ["password"] = existing.Password }), Ct)));
            var updates = Enumerable.Range(0, 6).Select(async i => await errors.CheckAsync(await _client.SendAsync(
                HttpMethod.Put, "/api/profile/me", existing.Token, new { display_name = $"Round {round} #{i}", status_message = "busy" })));
            var heartbeats = Enumerable.Range(0, 4).Select(async _ => await errors.CheckAsync(await _client.SendAsync(
                HttpMethod.Post, "/api/online-status/heartbeat", existing.Token)));
            await Task.WhenAll(registrations.Concat(logins).Concat(updates).Concat(heartbeats));
        }

        errors.AssertNone(_factory.LoggedErrors);
    }
}
