namespace BigTechChat.FriendService.Tests;

/// <summary>One friend service per test: SQLite in its own folder unless a subclass picks another store.</summary>
public abstract class FriendServiceTest : IAsyncLifetime
{
    protected FriendServiceFactory Factory { get; private set; } = null!;

    protected virtual Task<FriendServiceFactory> CreateFactoryAsync() => Task.FromResult(new FriendServiceFactory());

    public async ValueTask InitializeAsync() => Factory = await CreateFactoryAsync();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
