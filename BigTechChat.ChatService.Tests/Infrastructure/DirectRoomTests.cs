namespace BigTechChat.ChatService.Tests.Infrastructure;

/// <summary>
/// The setup the stream tests share: a fresh chat service with two users, alice and bob, their clients and their
/// direct room. Each test class gets its own service, so settings (limits, ping interval) stay per class.
/// </summary>
public abstract class DirectRoomTests(IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected ChatServiceFactory Chat { get; } = new(settings: settings);

    protected long Alice { get; private set; }

    protected long Bob { get; private set; }

    protected long Room { get; private set; }

    /// <summary>Alice's client.</summary>
    protected HttpClient A { get; private set; } = null!;

    /// <summary>Bob's client.</summary>
    protected HttpClient B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (Alice, Bob) = (ChatServiceFactory.NewUser(), ChatServiceFactory.NewUser());
        (A, B) = (Chat.ClientFor(Alice), Chat.ClientFor(Bob));
        Room = await A.DirectRoomIdAsync(Bob);
    }

    public async ValueTask DisposeAsync()
    {
        await Chat.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
