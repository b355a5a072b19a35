using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

public static class ApiDocsExtensions
{
    public const string DocsPath = "/docs";

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static TBuilder AddApiDocs<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The document plus the interactive reference UI at <c>/docs</c>, in every environment.</summary>
    public static WebApplication MapApiDocs(this WebApplication app, string title)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(DocsPath, options => options.WithTitle(title));
        return app;
    }
}
