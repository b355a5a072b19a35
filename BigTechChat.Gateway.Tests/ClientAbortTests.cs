using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.Gateway.Tests;

/// <summary>
/// Issue 8 rule 4: a client whose connection breaks while its body is read is recorded as 499, not 5xx, even when the
/// transport's reset reaches the body reader before Kestrel cancels <c>RequestAborted</c> (a race seen in CI).
/// </summary>
public sealed class ClientAbortTests
{
    public static TheoryData<Exception> ConnectionLost => new()
    {
        new ConnectionResetException("Connection reset by peer"),
        new ConnectionAbortedException("The connection was aborted"),
        new BadHttpRequestException("Unexpected end of request content.", 400, new ConnectionResetException("Connection reset by peer")),
        new IOException("The request body could not be read", new ConnectionResetException("Connection reset by peer")),
    };

    [Theory]
    [MemberData(nameof(ConnectionLost))]
    public async Task A_lost_connection_is_a_499_before_request_aborted_is_cancelled(Exception exception)
    {
        await using var app = App();
        var context = new DefaultHttpContext { RequestServices = app.Services };

        Assert.True(await HandleAsync(app, context, exception));

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task Another_io_failure_is_not_taken_for_the_clients_doing()
    {
        await using var app = App();
        var context = new DefaultHttpContext { RequestServices = app.Services };

        Assert.False(await HandleAsync(app, context, new IOException("No space left on device")));

        Assert.NotEqual(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    private static WebApplication App()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddApiConventions();
        return builder.Build();
    }

    private static async Task<bool> HandleAsync(WebApplication app, HttpContext context, Exception exception)
    {
        foreach (var handler in app.Services.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
