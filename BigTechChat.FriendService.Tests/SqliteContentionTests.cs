using BigTechChat.Testing;

namespace BigTechChat.FriendService.Tests;

/// <summary>Issue 8: concurrent writes on the embedded SQLite database never answer 5xx, even with the CPU saturated.</summary>
public sealed class SqliteContentionTests : FriendServiceTest
{
    private const int Rounds = 4;

    // A short busy timeout turns any writer that SQLite's polling lock wait starves into a visible 5xx.
    protected override Task<FriendServiceFactory> CreateFactoryAsync() =>
        Task.FromResult(new FriendServiceFactory(settings: new Dictionary<string, string?> { ["Database:BusyTimeout"] = "00:00:01" }));

    [Fact]
    public async Task Concurrent_friend_requests_answers_and_blocks_on_a_saturated_cpu_never_answer_5xx()
    {
        var errors = new ServerErrorTally();
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await Factory.RegisterUserAsync("stress"));
        }

        using var saturation = CpuSaturation.Start();
        for (var round = 0; round < Rounds; round++)
        {
            // Every ordered pair asks at once, so both directions of each pair race on one friendship row.
            var pairs = (from a in users from b in users where a != b select (a, b)).ToList();
            await Task.WhenAll(pairs.Select(async p => await errors.CheckAsync(await p.a.SendRequestAsync(p.b.Id))));
            await Task.WhenAll(pairs.Select(async p => await errors.CheckAsync(await p.b.RespondAsync(p.a.Id, "accept"))));
            await Task.WhenAll(pairs.Select(async p => await errors.CheckAsync(
                round % 2 == 0 ? await p.a.DeleteAsync($"/api/friends/{p.b.Id}") : await p.a.PostAsync($"/api/friends/block/{p.b.Id}"))));
            await Task.WhenAll(pairs.Select(async p => await errors.CheckAsync(await p.a.DeleteAsync($"/api/friends/block/{p.b.Id}"))));
        }

        errors.AssertNone(Factory.LoggedErrors);
    }
}
