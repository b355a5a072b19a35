using Microsoft.Extensions.FileProviders;

namespace BigTechChat.Gateway.WebClient;

/// <summary>
/// Serves the browser chat client (wwwroot/, embedded in the gateway assembly) at <c>/</c>. The files come from the
/// assembly, not the content root, so they are there however the gateway is hosted (alone, inside the AppHost, published).
/// Runs before CORS, rate limits and authentication: the client is public and loading it spends none of a user's API budget.
/// </summary>
public static class WebClientFiles
{
    /// <summary>
    /// The client's whole need: its own scripts, styles and icon, and fetch/EventSource to the same origin. No inline
    /// code, no other origin, no framing. Source of the directives: CSP Level 3.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly IFileProvider Files = new ManifestEmbeddedFileProvider(typeof(WebClientFiles).Assembly, "wwwroot");

    public static WebApplication UseWebClient(this WebApplication app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            OnPrepareResponse = file =>
            {
                var headers = file.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // Unversioned file names: the browser revalidates (ETag) so a new build is picked up at once.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
