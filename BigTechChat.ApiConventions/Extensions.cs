using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class ApiConventionsExtensions
{
    /// <summary>JSON bodies of API endpoints are small; refuse anything larger before it is buffered.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static TBuilder AddApiConventions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<FormOptions>(options =>
        {
            options.ValueLengthLimit = (int)MaxRequestBodyBytes;
            options.MultipartBodyLengthLimit = MaxRequestBodyBytes;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("error", ErrorCodes.ForStatus(status));
            context.ProblemDetails.Detail ??= context.ProblemDetails.Title ?? "Request failed";
            context.ProblemDetails.Extensions.Remove("traceId");
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Exception handling, body size limits, problem bodies for bare status codes (404, 405 ...) and refusal of
    /// ambiguous paths (<see cref="RequestTargetGuard"/>).
    /// </summary>
    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RequestTargetGuard.InvokeAsync);
        app.Use((context, next) =>
        {
            var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (sizeFeature is { IsReadOnly: false })
            {
                sizeFeature.MaxRequestBodySize = MaxRequestBodyBytes;
            }

            return next(context);
        });
        return app;
    }
}
