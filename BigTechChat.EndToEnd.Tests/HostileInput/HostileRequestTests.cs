using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.EndToEnd.Tests.HostileInput;

/// <summary>
/// A catalogue of odd and hostile request bodies fired at every service and at the gateway: the answer is always a
/// 4xx problem whose <c>error</c> agrees with its status (or the answer a plain body gets), never a 5xx.
/// </summary>
[Collection(EmbeddedSystemCollection.Name)]
public sealed class HostileRequestTests(EmbeddedSystemFixture fixture)
{
    private const string Gateway = "gateway";
    private static readonly SemaphoreSlim UserLock = new(1, 1);
    private static ChatClient? _user;

    private static readonly (string Service, string Method, string Path)[] JsonEndpoints =
    [
        ("user", "POST", "/api/auth/login/json"),
        ("user", "PUT", "/api/profile/me"),
        ("friend", "POST", "/api/friends/request"),
        ("chat", "POST", "/api/messages/read"),
    ];

    public static TheoryData<string, string, string, string> JsonCases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (service, method, path) in JsonEndpoints)
        {
            foreach (var target in new[] { service, Gateway })
            {
                foreach (var hostile in HostileRequest.JsonCatalogue)
                {
                    data.Add(target, method, path, hostile.Name);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, string> FormCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { "user", Gateway })
        {
            foreach (var hostile in HostileRequest.FormCatalogue)
            {
                data.Add(target, hostile.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task Odd_json_bodies_get_a_4xx_problem_or_the_plain_answer(string target, string method, string path, string name)
    {
        var hostile = HostileRequest.JsonCatalogue.Single(h => h.Name == name);
        var user = await UserAsync();
        using var http = new HttpClient { BaseAddress = Url(target) };

        using var response = await SendAsync(http, method, path, user.Token, hostile);

        if (hostile.AsPlainJson)
        {
            var plain = new HostileRequest("plain", "application/json", Encoding.UTF8.GetBytes(HostileRequest.ValidJson));
            using var baseline = await SendAsync(http, method, path, user.Token, plain);
            Assert.Equal(baseline.StatusCode, response.StatusCode);
        }

        await AssertNoServerFaultAsync(response, hostile.Expected);
    }

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task Odd_login_forms_get_a_4xx_problem(string target, string name)
    {
        var hostile = HostileRequest.FormCatalogue.Single(h => h.Name == name);
        using var http = new HttpClient { BaseAddress = Url(target) };

        using var response = await SendAsync(http, "POST", "/api/auth/login", null, hostile);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertNoServerFaultAsync(response, hostile.Expected);
    }

    [Theory]
    [InlineData("user", "/api/auth/login/json")]
    [InlineData("friend", "/api/friends/request")]
    [InlineData("chat", "/api/messages/read")]
    [InlineData(Gateway, "/api/auth/login/json")]
    [InlineData(Gateway, "/api/friends/request")]
    [InlineData(Gateway, "/api/messages/read")]
    public async Task A_chunked_body_over_the_limit_is_413_directly_and_through_the_gateway(string target, string path)
    {
        var user = await UserAsync();
        using var http = new HttpClient { BaseAddress = Url(target) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            // No Content-Length: the limit can only be found while the body streams in.
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"display_name":"{{new string('x', 100 * 1024)}}"}"""))),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertNoServerFaultAsync(response, 413);
    }

    [Fact]
    public async Task Aborted_and_truncated_uploads_are_recorded_as_client_faults_not_server_errors()
    {
        using var scraper = new HttpClient();
        foreach (var target in new[] { "user", Gateway })
        {
            var url = Url(target);
            foreach (var reset in new[] { true, false })
            {
                await RawHttp.SendAbortedAsync(url, "/api/auth/login/json", "application/json", "{\"email\":\"a"u8.ToArray(), reset, () => PostInFlightAsync(scraper, url));
                await RawHttp.SendAbortedAsync(url, "/api/auth/login", "application/x-www-form-urlencoded", "username=a"u8.ToArray(), reset, () => PostInFlightAsync(scraper, url));
            }

            var lines = await PollMetricsAsync(scraper, url, lines => lines.Count(l => l.Contains("/api/auth/login", StringComparison.Ordinal)) >= 2
                && !lines.Any(l => l.StartsWith("http_server_active_requests{", StringComparison.Ordinal) && l.Contains("\"POST\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)));

            var logins = lines.Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("/api/auth/login", StringComparison.Ordinal)).ToArray();
            Assert.Contains(logins, l => l.Contains("http_response_status_code=\"499\"", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("http_response_status_code=\"5", StringComparison.Ordinal));
        }
    }

    /// <summary>Waits until the host counts a POST in flight: its headers and first body bytes have been read.</summary>
    private static Task PostInFlightAsync(HttpClient scraper, Uri url) => PollMetricsAsync(scraper, url, lines => lines.Any(l =>
        l.StartsWith("http_server_active_requests{", StringComparison.Ordinal) && l.Contains("\"POST\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)));

    private static async Task<string[]> PollMetricsAsync(HttpClient scraper, Uri url, Func<string[], bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var lines = (await scraper.GetStringAsync(new Uri(url, "/metrics"), TestContext.Current.CancellationToken)).Split('\n');
            if (done(lines) || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task AssertNoServerFaultAsync(HttpResponseMessage response, int? expected)
    {
        var status = (int)response.StatusCode;
        Assert.InRange(status, 200, 499);
        if (expected is { } exact)
        {
            Assert.Equal(exact, status);
        }

        if (status < 400)
        {
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        var code = problem.RootElement.GetProperty("error").GetString()!;
        Assert.True(ErrorCodes.AgreesWith(code, status), $"error '{code}' contradicts status {status}");
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? token, HostileRequest hostile)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(hostile.Body),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (hostile.ContentType is not null)
        {
            Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType));
        }

        if (hostile.ContentEncoding is not null)
        {
            Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Encoding", hostile.ContentEncoding));
        }

        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private Uri Url(string target) => fixture.System.Endpoints.Single(e => e.Name == target).Url;

    private async Task<ChatClient> UserAsync()
    {
        await UserLock.WaitAsync();
        try
        {
            return _user ??= await ChatClient.RegisterAndLoginAsync(fixture.CreateGatewayClient(), "hostile");
        }
        finally
        {
            UserLock.Release();
        }
    }
}
