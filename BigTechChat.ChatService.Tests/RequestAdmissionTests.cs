using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BigTechChat.ChatService.Tests.Infrastructure;
using BigTechChat.ServiceDefaults.Limits;
using BigTechChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests;

/// <summary>
/// Overload is refused, never fatal: with its one request slot held, the service answers other requests 503 with
/// <c>Retry-After</c> and stores nothing for them, while streams and health are still served (docs/operations.md,
/// "Request limits").
/// </summary>
public sealed class RequestAdmissionTests() : DirectRoomTests(new Dictionary<string, string?>
{
    ["RequestLimits:MaxConcurrent"] = "1",
    ["RequestLimits:MaxQueued"] = "0",
})
{
    [Fact]
    public async Task Requests_past_the_limit_get_503_and_store_nothing_while_the_admitted_one_completes()
    {
        var body = new Pipe();
        using var content = new StreamContent(body.Reader.AsStream());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // The admitted send holds the only slot until its body is complete; the test server's own client does not
        // buffer the body (the factory's default client does, to follow redirects).
        using var unbuffered = Chat.Server.CreateClient();
        unbuffered.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Chat.TokenFor(Alice));
        var admitted = unbuffered.PostAsync($"/api/messages/{Room}", content, Ct);
        await body.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"content\":\"admitted\","), Ct);
        var admission = Chat.Services.GetRequiredService<RequestAdmission>();
        await EventuallyAsync(() => Task.FromResult(admission.Executing == 1), "the held request to take the only slot");

        var refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            A.PostAsJsonAsync($"/api/messages/{Room}", new { content = $"refused {i}", message_type = "text" }, Ct)));
        foreach (var response in refused)
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            response.Dispose();
        }

        await using (var stream = await SseReader.OpenAsync(B, $"/api/messages/stream/{Room}"))
        {
            Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
            Assert.Equal("connected", (await stream.NextAsync()).Event);
        }

        using (var health = await A.GetAsync("/health", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await body.Writer.WriteAsync(Encoding.UTF8.GetBytes("\"message_type\":\"text\"}"), Ct);
        await body.Writer.CompleteAsync();
        using var sent = await admitted;
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var history = await (await A.GetAsync($"/api/messages/{Room}", Ct)).JsonAsync();
        Assert.Equal(1, history.GetProperty("total_count").GetInt32());
        Assert.Equal("admitted", history.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Requests_one_at_a_time_are_all_served()
    {
        for (var i = 0; i < 5; i++)
        {
            await A.SendAsync(Room, $"one at a time {i}");
        }

        Assert.Equal(5, (await (await A.GetAsync($"/api/messages/{Room}", Ct)).JsonAsync()).GetProperty("total_count").GetInt32());
    }
}
