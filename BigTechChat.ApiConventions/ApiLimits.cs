namespace BigTechChat.ApiConventions;

/// <summary>Request limits every service and the gateway share, so the gateway refuses exactly what a service would.</summary>
public static class ApiLimits
{
    /// <summary>JSON bodies of API endpoints are small; refuse anything larger (bytes) before it is buffered (413).</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public const string TooLargeDetail = "Request body too large";
}
