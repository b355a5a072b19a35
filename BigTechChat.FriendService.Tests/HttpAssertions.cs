using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BigTechChat.FriendService.Tests;

public static class HttpAssertions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> GetAsync(this TestUser user, string path) => user.Client.GetAsync(path, Ct);

    public static Task<HttpResponseMessage> DeleteAsync(this TestUser user, string path) => user.Client.DeleteAsync(path, Ct);

    public static Task<HttpResponseMessage> PostAsync(this TestUser user, string path) => user.Client.PostAsync(path, null, Ct);

    public static Task<HttpResponseMessage> SendRequestAsync(this TestUser from, long to) =>
        from.Client.PostAsJsonAsync("/api/friends/request", new Dictionary<string, object> { ["user_id_2"] = to }, Ct);

    public static Task<HttpResponseMessage> RespondAsync(this TestUser addressee, long requester, string action) =>
        addressee.Client.PutAsJsonAsync($"/api/friends/status/{requester}", new { action }, Ct);

    public static async Task MakeFriendsAsync(this TestUser a, TestUser b)
    {
        await (await a.SendRequestAsync(b.Id)).ShouldBeAsync(HttpStatusCode.Created);
        await (await b.RespondAsync(a.Id, "accept")).ShouldBeAsync(HttpStatusCode.OK);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem body with the given status and, when given, the exact detail.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? detail = null)
    {
        var body = await response.ShouldBeAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        if (detail is not null)
        {
            Assert.Equal(detail, body.GetProperty("detail").GetString());
        }

        return body;
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
