using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class ApiConventionsExtensions
{
    public static TBuilder AddApiConventions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<FormOptions>(options =>
        {
            options.ValueLengthLimit = (int)ApiLimits.MaxRequestBodyBytes;
            options.MultipartBodyLengthLimit = ApiLimits.MaxRequestBodyBytes;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            // The invariant of API.md §1: the code always agrees with the status, whoever wrote the problem.
            if (!context.ProblemDetails.Extensions.TryGetValue("error", out var code) || code is not string given || !ErrorCodes.AgreesWith(given, status))
            {
                context.ProblemDetails.Extensions["error"] = ErrorCodes.ForStatus(status);
            }

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
                sizeFeature.MaxRequestBodySize = ApiLimits.MaxRequestBodyBytes;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Refuses bodies in a charset or content coding the API does not speak with 415 (see <see cref="RequestBodyFormat"/>).
    /// Call after <c>UseAuthorization</c>, so a missing token is still a 401 before any body check (API.md §1).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyFormat(this IApplicationBuilder app)
    {
        app.Use(RequestBodyFormat.CheckAsync);
        return app;
    }
}
