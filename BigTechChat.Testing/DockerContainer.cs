using DotNet.Testcontainers.Containers;
using Xunit;

namespace BigTechChat.Testing;

/// <summary>
/// A Testcontainers container shared by a test class (Kafka, MongoDB), or the printed reason there is none:
/// where no Docker engine answers, tests call <see cref="SkipIfUnavailable"/> and skip.
/// </summary>
public abstract class DockerContainer<TContainer> : IAsyncLifetime
    where TContainer : class, IContainer
{
    private TContainer? _container;

    public TContainer Container => _container ?? throw new InvalidOperationException(Unavailable);

    public string? Unavailable { get; private set; }

    protected abstract TContainer Build();

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = Build();
            await _container.StartAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Unavailable = $"{GetType().Name} needs a Docker engine for Testcontainers: {exception.GetType().Name}: {exception.Message}";
            Console.WriteLine($"SKIP {Unavailable}");
            _container = null;
        }
    }

    public void SkipIfUnavailable()
    {
        if (Unavailable is not null)
        {
            InfrastructureRequirement.SkipDockerOnly(Unavailable);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
