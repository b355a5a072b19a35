using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using BigTechChat.ServiceDefaults.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Tests;

/// <summary>Overload is refused, never fatal: admission control of ordinary requests (docs/operations.md).</summary>
public sealed class RequestAdmissionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddProblemDetails().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task With_every_slot_taken_and_no_queue_a_request_gets_503_with_retry_after_and_a_problem_body()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 0);
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);

        var refused = Context();
        await admission.InvokeAsync(refused, _ => throw new InvalidOperationException("a refused request must not run"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Response.StatusCode);
        Assert.Equal("1", refused.Response.Headers.RetryAfter.ToString());
        var problem = await ProblemAsync(refused);
        Assert.Equal("service_unavailable", problem.GetProperty("error").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
        Assert.Equal(0, admission.Executing);
    }

    [Fact]
    public async Task A_queued_request_runs_when_a_slot_frees_and_the_queue_is_first_come_first_served()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 2, maxQueueWait: Deadline);
        var held = new TaskCompletionSource();
        var order = new List<int>();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        var second = admission.InvokeAsync(Context(), _ => Record(order, 2));
        await WaitUntilAsync(() => admission.Queued == 1);
        var third = admission.InvokeAsync(Context(), _ => Record(order, 3));
        await WaitUntilAsync(() => admission.Queued == 2);

        held.SetResult();
        await Task.WhenAll(first, second, third).WaitAsync(Deadline, Ct);

        Assert.Equal([2, 3], order);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_while_the_queued_request_keeps_its_place()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 1, maxQueueWait: Deadline);
        var held = new TaskCompletionSource();
        var ran = new List<string>();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        var queued = admission.InvokeAsync(Context(), _ => Record(ran, "queued"));
        await WaitUntilAsync(() => admission.Queued == 1);

        var overflow = Context();
        await admission.InvokeAsync(overflow, _ => throw new InvalidOperationException("the queue is full"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, overflow.Response.StatusCode);
        Assert.Equal("1", overflow.Response.Headers.RetryAfter.ToString());
        held.SetResult();
        await Task.WhenAll(first, queued).WaitAsync(Deadline, Ct);
        Assert.Equal(["queued"], ran);
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_the_queue_allows_is_refused()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 1, maxQueueWait: TimeSpan.FromMilliseconds(100));
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        var waiting = Context();

        await admission.InvokeAsync(waiting, _ => throw new InvalidOperationException("must time out in the queue")).WaitAsync(Deadline, Ct);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, waiting.Response.StatusCode);
        Assert.Equal("service_unavailable", (await ProblemAsync(waiting)).GetProperty("error").GetString());
        Assert.Equal(0, admission.Queued);
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
    }

    [Fact]
    public async Task A_request_whose_queue_wait_expires_is_refused_without_throwing()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 1, maxQueueWait: TimeSpan.FromMilliseconds(20));
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        var waiting = Context();

        using (var thrown = ExceptionsThrown.InThisFlow())
        {
            await admission.InvokeAsync(waiting, _ => throw new InvalidOperationException("must time out in the queue")).WaitAsync(Deadline, Ct);

            Assert.Empty(thrown.Exceptions);
        }

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, waiting.Response.StatusCode);
        Assert.Equal("1", waiting.Response.Headers.RetryAfter.ToString());
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
    }

    [Fact]
    public async Task Expired_waits_give_back_every_queue_place_and_slot_and_are_each_counted()
    {
        const int waves = 25, queue = 8;
        using var admission = Admission(maxConcurrent: 1, maxQueued: queue, maxQueueWait: TimeSpan.FromMilliseconds(20));
        using var refusals = new RefusalCount(_services.GetRequiredService<IMeterFactory>());
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        var statuses = new List<int>();

        for (var wave = 0; wave < waves; wave++)
        {
            var contexts = Enumerable.Range(0, queue).Select(_ => Context()).ToArray();
            await Task.WhenAll(contexts.Select(c => admission.InvokeAsync(c, _ => throw new InvalidOperationException("must time out in the queue"))))
                .WaitAsync(Deadline, Ct);
            statuses.AddRange(contexts.Select(c => c.Response.StatusCode));
            // The limiter gives the place back just after it completes the wait; the next wave must find the queue empty.
            await WaitUntilAsync(() => admission.Queued == 0);
        }

        Assert.All(statuses, status => Assert.Equal(StatusCodes.Status503ServiceUnavailable, status));
        Assert.Equal(waves * queue, refusals.Total);
        Assert.Equal(1, admission.Executing);
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
        Assert.Equal(0, admission.Executing);
        Assert.Equal(0, admission.Queued);
        var ran = new List<string>();
        var next = admission.InvokeAsync(Context(), _ => Record(ran, "next"));
        Assert.True(next.IsCompletedSuccessfully, "a request after the expired waits must be admitted at once");
        Assert.Equal(["next"], ran);
    }

    [Fact]
    public async Task Streams_health_and_metrics_are_served_while_every_slot_is_taken()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 0);
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);

        var stream = Context();
        stream.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(AdmissionExemptMetadata.Instance), "stream"));
        var ran = new List<string>();
        await admission.InvokeAsync(stream, _ => Record(ran, "stream"));
        foreach (var path in new[] { "/health", "/alive", "/metrics" })
        {
            await admission.InvokeAsync(Context(path), _ => Record(ran, path));
        }

        Assert.Equal(["stream", "/health", "/alive", "/metrics"], ran);
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
    }

    [Fact]
    public async Task A_client_that_leaves_while_queued_is_not_answered_and_frees_its_place()
    {
        using var admission = Admission(maxConcurrent: 1, maxQueued: 1, maxQueueWait: Deadline);
        var held = new TaskCompletionSource();
        var first = admission.InvokeAsync(Context(), _ => held.Task);
        using var leaving = new CancellationTokenSource();
        var gone = Context();
        gone.RequestAborted = leaving.Token;
        var queued = admission.InvokeAsync(gone, _ => throw new InvalidOperationException("the client left"));
        await WaitUntilAsync(() => admission.Queued == 1);

        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Deadline, Ct));
        Assert.False(gone.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(0, admission.Queued);
        held.SetResult();
        await first.WaitAsync(Deadline, Ct);
    }

    [Theory]
    [InlineData(0, 10, 1_000, 1)]
    [InlineData(10_001, 10, 1_000, 1)]
    [InlineData(10, -1, 1_000, 1)]
    [InlineData(10, 100_001, 1_000, 1)]
    [InlineData(10, 10, 5, 1)]
    [InlineData(10, 10, 60_001, 1)]
    [InlineData(10, 10, 1_000, 0)]
    [InlineData(10, 10, 1_000, 3_601)]
    public void Out_of_range_settings_are_reported(int maxConcurrent, int maxQueued, int waitMs, int retryAfterSeconds)
    {
        var options = new RequestLimitOptions
        {
            MaxConcurrent = maxConcurrent,
            MaxQueued = maxQueued,
            MaxQueueWait = TimeSpan.FromMilliseconds(waitMs),
            RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds),
        };

        Assert.Single(options.Problems());
        Assert.Empty(new RequestLimitOptions().Problems());
    }

    public void Dispose() => _services.Dispose();

    private RequestAdmission Admission(int maxConcurrent, int maxQueued, TimeSpan? maxQueueWait = null) =>
        new(Options.Create(new RequestLimitOptions
        {
            MaxConcurrent = maxConcurrent,
            MaxQueued = maxQueued,
            MaxQueueWait = maxQueueWait ?? TimeSpan.FromSeconds(5),
        }), _services.GetRequiredService<IMeterFactory>());

    private DefaultHttpContext Context(string path = "/api/messages/1")
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static Task Record<T>(List<T> log, T entry)
    {
        lock (log)
        {
            log.Add(entry);
        }

        return Task.CompletedTask;
    }

    private static async Task<JsonElement> ProblemAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: Ct);
        return document.RootElement.Clone();
    }

    /// <summary>The first-chance exceptions thrown in the async flow that opened it (and the flows it starts), while open.</summary>
    private sealed class ExceptionsThrown : IDisposable
    {
        private static readonly AsyncLocal<ExceptionsThrown?> Current = new();

        private ExceptionsThrown()
        {
            AppDomain.CurrentDomain.FirstChanceException += Collect;
        }

        public ConcurrentQueue<Exception> Exceptions { get; } = new();

        /// <summary>Opens a recording for the caller's flow; other tests running at the same time are not recorded.</summary>
        public static ExceptionsThrown InThisFlow() => Current.Value = new ExceptionsThrown();

        public void Dispose()
        {
            AppDomain.CurrentDomain.FirstChanceException -= Collect;
            Current.Value = null;
        }

        private void Collect(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (ReferenceEquals(Current.Value, this))
            {
                Exceptions.Enqueue(e.Exception);
            }
        }
    }

    /// <summary>The sum of <c>bigtechchat.requests.refused</c> from the meters of one factory (meter listeners are process-wide).</summary>
    private sealed class RefusalCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public RefusalCount(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "bigtechchat.requests.refused" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Deadline);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
