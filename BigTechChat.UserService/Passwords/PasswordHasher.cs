using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Passwords;

/// <summary>
/// bcrypt hashing and verification on a fixed pool of dedicated threads fed by a bounded queue, so a burst of
/// registrations or logins saturates at most <see cref="PasswordOptions.MaxConcurrency"/> cores and never the
/// thread pool that serves every other request. Hashes with libxcrypt where the system has it, else BCrypt.Net-Next.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private readonly Channel<Work> _queue;
    private readonly Thread[] _workers;
    private readonly int _workFactor;
    private readonly Lazy<string> _unknownAccountHash;
    private readonly IBcrypt _bcrypt;

    public PasswordHasher(IOptions<PasswordOptions> options, ILogger<PasswordHasher> logger)
    {
        var settings = options.Value;
        _workFactor = Math.Clamp(settings.WorkFactor, 4, 31);
        _bcrypt = SelectBcrypt(settings.NativeLibrary, logger);
        _unknownAccountHash = new(() => _bcrypt.Hash(Guid.NewGuid().ToString(), _workFactor));
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(Math.Max(1, settings.QueueCapacity))
        {
            SingleWriter = false,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _workers = Enumerable.Range(0, Math.Max(1, settings.MaxConcurrency))
            .Select(i => new Thread(WorkLoop) { IsBackground = true, Name = $"bcrypt-{i}" })
            .ToArray();
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    public int WorkerCount => _workers.Length;

    /// <summary>The bcrypt in use: "libxcrypt" or "BCrypt.Net-Next".</summary>
    public string Implementation => _bcrypt.Name;

    /// <summary>A <c>$2b$</c> hash at the configured work factor.</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default) =>
        RunAsync(() => _bcrypt.Hash(password, _workFactor), cancellationToken);

    /// <summary>With no stored hash (unknown account) it still pays for one verification, then fails.</summary>
    public Task<bool> VerifyAsync(string password, string? hash, CancellationToken cancellationToken = default) =>
        RunAsync(() =>
        {
            if (hash is null)
            {
                _ = _bcrypt.Verify(password, _unknownAccountHash.Value);
                return false;
            }

            return _bcrypt.Verify(password, hash);
        }, cancellationToken);

    public void Dispose() => _queue.Writer.TryComplete();

    private static IBcrypt SelectBcrypt(string? nativeLibrary, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(nativeLibrary))
        {
            logger.LogInformation("Password hashing: BCrypt.Net-Next (Passwords:NativeLibrary is empty)");
            return new ManagedBcrypt();
        }

        if (LibxcryptBcrypt.TryLoad(nativeLibrary, out var reason) is { } native)
        {
            logger.LogInformation("Password hashing: libxcrypt ({Reason})", reason);
            return native;
        }

        logger.LogWarning("Password hashing: BCrypt.Net-Next, because {Reason}", reason);
        return new ManagedBcrypt();
    }

    private async Task<T> RunAsync<T>(Func<T> compute, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Work(() => compute(), completion, cancellationToken), cancellationToken);
        return (T)(await completion.Task.WaitAsync(cancellationToken))!;
    }

    private void WorkLoop()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var work))
            {
                if (work.CancellationToken.IsCancellationRequested)
                {
                    work.Completion.TrySetCanceled(work.CancellationToken);
                    continue;
                }

                try
                {
                    work.Completion.TrySetResult(work.Compute());
                }
                catch (Exception exception)
                {
                    work.Completion.TrySetException(exception);
                }
            }
        }
    }

    private sealed record Work(Func<object?> Compute, TaskCompletionSource<object?> Completion, CancellationToken CancellationToken);
}
