using BigTechChat.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.Gateway.Tests;

/// <summary>A host refused at start reports why, however its start races the test's factory (see <see cref="ServiceFactory{TEntryPoint}"/>).</summary>
public sealed class FailedStartTests
{
    private const string InvalidKey = "ConnectionLimits:RetryAfter";

    [Fact]
    public async Task A_host_refused_at_start_reports_the_invalid_option_even_after_it_disposed_itself()
    {
        await using var gateway = new LateStartingGatewayFactory();

        var failure = Record.Exception(() => gateway.CreateClient());

        Assert.Contains("ConnectionLimits are invalid", failure?.ToString() ?? "no failure", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_hosts_refused_at_start_at_once_each_report_the_invalid_option()
    {
        var failures = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await using var gateway = new GatewayFactory(new Dictionary<string, string?> { [InvalidKey] = "00:00:00" });
            return Record.Exception(() => gateway.CreateClient())?.ToString() ?? "no failure";
        }, TestContext.Current.CancellationToken)));

        Assert.All(failures, failure => Assert.Contains("ConnectionLimits are invalid", failure, StringComparison.Ordinal));
    }

    /// <summary>
    /// Holds the factory's thread until <c>Program</c> has failed its start and disposed its container: the order a
    /// loaded machine produces by chance, made certain.
    /// </summary>
    private sealed class LateStartingGatewayFactory : ServiceFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting(InvalidKey, "00:00:00");

        protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(new AfterDisposalBuilder(builder));
    }

    private sealed class AfterDisposalBuilder(IHostBuilder inner) : IHostBuilder
    {
        public IDictionary<object, object> Properties => inner.Properties;

        public IHost Build()
        {
            var host = inner.Build();
            Assert.True(SpinWait.SpinUntil(() => IsDisposed(host.Services), TimeSpan.FromSeconds(30)), "the host never disposed its services");
            return host;
        }

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) =>
            Chain(inner.ConfigureAppConfiguration(configureDelegate));

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) =>
            Chain(inner.ConfigureContainer(configureDelegate));

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) =>
            Chain(inner.ConfigureHostConfiguration(configureDelegate));

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate) =>
            Chain(inner.ConfigureServices(configureDelegate));

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => Chain(inner.UseServiceProviderFactory(factory));

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => Chain(inner.UseServiceProviderFactory(factory));

        private static bool IsDisposed(IServiceProvider services)
        {
            try
            {
                services.GetService<IHostApplicationLifetime>();
                return false;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }

        private AfterDisposalBuilder Chain(IHostBuilder _) => this;
    }
}
