using System.Globalization;
using System.Net;

namespace BigTechChat.EndToEnd.Tests;

/// <summary>
/// The faults of DESIGN.md §8 that apply here, on the Aspire app: a chat process killed (SIGKILL) during sends, and
/// Redis stopped and restarted with Aspire's resource commands.
/// </summary>
[Collection(DistributedSystemCollection.Name)]
public sealed class DistributedFaultTests(DistributedSystemFixture fixture)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Kill_9_of_a_chat_instance_during_sends_gives_one_message_per_client_id_and_a_gapless_resume()
    {
        using var gateway = fixture.CreateGatewayClient();
        var (alice, bob, roomId) = await fixture.CreateConversationAsync(gateway);
        using var first = fixture.CreateClient(fixture.FirstChat.Url);
        using var second = fixture.CreateClient(fixture.SecondChat.Url);
        var aliceOnFirst = ChatClient.WithToken(first, alice);
        var aliceOnSecond = ChatClient.WithToken(second, alice);

        await using (var stream = await ChatClient.WithToken(second, bob).OpenStreamAsync($"/api/messages/stream/{roomId}"))
        {
            Assert.Equal("connected", (await stream.NextAsync(StreamTimeout)).Event);
        }

        const int total = 30;
        var clientIds = Enumerable.Range(1, total).Select(i => $"kill-{i}-{Guid.NewGuid():N}").ToArray();
        var sending = Task.Run(async () =>
        {
            // Like a client that fails over once: after the first unanswered send it stays on the second instance
            // (a send to the dead one waits on DCP's proxy for up to the 30 s client timeout).
            var failedOver = false;
            for (var i = 0; i < total; i++)
            {
                failedOver = await SendWithRetryAsync(failedOver ? null : aliceOnFirst, aliceOnSecond, roomId, clientIds[i], i + 1);
            }
        }, TestContext.Current.CancellationToken);
        await WaitUntilAsync(async () => await CountMessagesAsync(aliceOnSecond, roomId) >= total / 3);
        await fixture.FirstChat.KillAsync();
        await sending;

        var history = await aliceOnSecond.GetAsync($"/api/messages/{roomId}?limit=100");
        var messages = history.Body!["messages"]!.AsArray();
        Assert.Equal(total, messages.Count);
        Assert.Equal(clientIds.Order(), messages.Select(m => m!["client_message_id"]!.GetValue<string>()).Order());
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), messages.Select(m => m!["seq"]!.GetValue<long>()));

        // A client that had seen up to seq 5 reconnects to the surviving instance and gets 6..30, once each, in order.
        await using var resumed = await ChatClient.WithToken(second, bob).OpenStreamAsync($"/api/messages/stream/{roomId}", lastEventId: "5");
        for (var seq = 6; seq <= total; seq++)
        {
            var frame = await resumed.NextOfTypeAsync("new_message", StreamTimeout);
            Assert.Equal(seq.ToString(CultureInfo.InvariantCulture), frame.Id);
        }

        await fixture.StartResourceAsync(fixture.FirstChat.ResourceName);
    }

    [Fact]
    public async Task Redis_outage_delays_delivery_but_loses_nothing()
    {
        using var gateway = fixture.CreateGatewayClient();
        var (alice, bob, roomId) = await fixture.CreateConversationAsync(gateway);
        using var first = fixture.CreateClient(fixture.FirstChat.Url);
        using var second = fixture.CreateClient(fixture.SecondChat.Url);
        var aliceOnFirst = ChatClient.WithToken(first, alice);

        await using var stream = await ChatClient.WithToken(second, bob).OpenStreamAsync($"/api/messages/stream/{roomId}");
        Assert.Equal("connected", (await stream.NextAsync(StreamTimeout)).Event);

        await fixture.StopResourceAsync("redis");
        for (var i = 1; i <= 5; i++)
        {
            var sent = await aliceOnFirst.PostAsync($"/api/messages/{roomId}", new { content = $"during outage {i}", message_type = "text" });
            Assert.Equal(HttpStatusCode.Created, sent.Status);
        }

        await fixture.StartResourceAsync("redis");

        var received = new List<string>();
        while (received.Count < 5)
        {
            var frame = await stream.NextOfTypeAsync("new_message", StreamTimeout);
            received.Add(frame.Json.GetProperty("content").GetString()!);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"during outage {i}"), received);
    }

    /// <summary>Sends on <paramref name="primary"/> (when given), else or on failure on <paramref name="fallback"/>; true when it used the fallback.</summary>
    private static async Task<bool> SendWithRetryAsync(ChatClient? primary, ChatClient fallback, long roomId, string clientId, int n)
    {
        var body = new { content = $"message {n}", message_type = "text", client_message_id = clientId };
        try
        {
            if (primary is not null
                && (await primary.PostAsync($"/api/messages/{roomId}", body)).Status is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                return false;
            }
        }
        catch (HttpRequestException)
        {
            // The instance died mid-request; the client retries elsewhere with the same id.
        }
        catch (TaskCanceledException)
        {
            // Same: no answer is no acknowledgement.
        }

        var retried = await fallback.PostAsync($"/api/messages/{roomId}", body);
        Assert.True(retried.Status is HttpStatusCode.Created or HttpStatusCode.OK, retried.Text);
        return true;
    }

    private static async Task<int> CountMessagesAsync(ChatClient client, long roomId) =>
        (await client.GetAsync($"/api/messages/{roomId}?limit=1")).Body!["total_count"]!.GetValue<int>();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 60 s");
            await Task.Delay(50);
        }
    }
}
