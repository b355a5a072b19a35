using BigTechChat.EndToEnd.Tests;
using BigTechChat.Testing;
using Microsoft.Playwright;

namespace BigTechChat.Web.Tests;

/// <summary>
/// The embedded system on free ports and Debian's Chromium driven by Playwright (which cannot download its own
/// browsers here). Without Chromium the tests skip, or fail when BIGTECHCHAT_REQUIRE_INFRA=1 (CI).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public EmbeddedSystemFixture System { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        await System.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Called first by every test: skips or fails (CI) when Chromium is not installed.</summary>
    public void RequireChromium()
    {
        if (_browser is null)
        {
            InfrastructureRequirement.SkipOrFail($"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium)");
        }
    }

    /// <summary>A fresh browser profile (own session storage) with the page open at the gateway's <c>/</c>.</summary>
    public async Task<IPage> OpenClientAsync(int width = 1000, int height = 700)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = System.System.GatewayUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_browser is not null)
        {
            await System.DisposeAsync();
        }
    }
}
