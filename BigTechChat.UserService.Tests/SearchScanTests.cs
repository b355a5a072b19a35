using BigTechChat.Testing;

namespace BigTechChat.UserService.Tests;

/// <summary>
/// User search scans the users table once when its page holds every match (the usual search for a name), and counts
/// with a second scan only when the page is full (API.md §3 <c>total_count</c>; target 4's slowest step).
/// </summary>
public sealed class SearchScanTests
{
    [Fact]
    public async Task A_page_that_holds_every_match_is_one_scan_and_a_full_page_counts_with_a_second()
    {
        await using var factory = new UserServiceFactory { RecordCommands = true };
        factory.Server.PreserveExecutionContext = true;
        var client = factory.CreateClient();
        var stem = UserApiClient.UniqueName("scan").ToLowerInvariant();
        var caller = await client.RegisterAndLoginAsync();
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            await client.RegisterAndLoginAsync($"{stem}_{suffix}");
        }

        var (fits, fitsScans) = await SearchAsync(client, caller.Token, $"/api/users/search?query={stem}&limit=5");
        var (exact, exactScans) = await SearchAsync(client, caller.Token, $"/api/users/search?query={stem}&limit=3");
        var (full, fullScans) = await SearchAsync(client, caller.Token, $"/api/users/search?query={stem}&limit=2");

        Assert.Equal((3, 3, 1), (fits.GetProperty("total_count").GetInt32(), fits.GetProperty("users").GetArrayLength(), fitsScans));
        Assert.Equal((3, 3, 2), (exact.GetProperty("total_count").GetInt32(), exact.GetProperty("users").GetArrayLength(), exactScans));
        Assert.Equal((3, 2, 2), (full.GetProperty("total_count").GetInt32(), full.GetProperty("users").GetArrayLength(), fullScans));
    }

    private static async Task<(System.Text.Json.JsonElement Body, int Scans)> SearchAsync(HttpClient client, string token, string path)
    {
        var commands = CommandRecorder.Record();
        var body = await (await client.GetAsync(path, token)).ReadJsonAsync();
        return (body, commands.Count(c => c.Sql.Contains("LIKE", StringComparison.OrdinalIgnoreCase)));
    }
}
