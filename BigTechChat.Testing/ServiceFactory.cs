using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigTechChat.Testing;

/// <summary>
/// A <see cref="WebApplicationFactory{TEntryPoint}"/> whose <c>CreateClient</c>/<c>Services</c> throw the exception the
/// application's own start failed with (e.g. an <c>OptionsValidationException</c> from <c>ValidateOnStart</c>).
/// </summary>
/// <remarks>
/// The factory's deferred host (Microsoft.AspNetCore.Mvc.Testing 10.0, <c>DeferredHost.StartAsync</c>) resolves
/// <see cref="IHostApplicationLifetime"/> from the application's container after <c>Program</c> has been started on
/// another thread. When that start fails, <c>app.Run()</c> disposes the container first, and under CPU load the factory
/// then gets an <see cref="ObjectDisposedException"/> instead of the failure (dotnet/aspnetcore issue 33494's race).
/// The host logs its start failure (event <see cref="StartFailedEventId"/>) before it disposes, so that log entry holds
/// the real cause.
/// </remarks>
public abstract class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    /// <summary>Microsoft.Extensions.Hosting's <c>HostedServiceStartupFaulted</c> ("Hosting failed to start").</summary>
    public const int StartFailedEventId = 11;

    private readonly StartFailureRecorder _startFailure = new();

    /// <summary>
    /// Up to twenty errors the application logged with an exception ("category: message → exception"), so a test that
    /// sees a 5xx can say what the server saw.
    /// </summary>
    public IReadOnlyCollection<string> LoggedErrors => _startFailure.Errors;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(_startFailure));
        try
        {
            return base.CreateHost(builder);
        }
        catch (ObjectDisposedException) when (_startFailure.Exception is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    /// <summary>Keeps the exception the host logged when its start failed.</summary>
    private sealed class StartFailureRecorder : ILoggerProvider, ILogger
    {
        private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
        private readonly ConcurrentQueue<string> _errors = new();
        private Exception? _exception;

        public Exception? Exception => Volatile.Read(ref _exception);

        public IReadOnlyCollection<string> Errors => _errors;

        public ILogger CreateLogger(string categoryName) => categoryName == HostCategory ? this : new ErrorRecorder(categoryName, _errors);

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == StartFailedEventId && exception is not null)
            {
                Interlocked.CompareExchange(ref _exception, exception, null);
            }
        }
    }

    private sealed class ErrorRecorder(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null && errors.Count < 20)
            {
                errors.Enqueue($"{category}: {formatter(state, exception)} → {exception}");
            }
        }
    }
}
