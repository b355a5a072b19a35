using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BigTechChat.Web.Tests;

/// <summary>
/// The README's picture of two people chatting (docs/images/chat.png). Taken anew only on request
/// (BIGTECHCHAT_UPDATE_SCREENSHOT=1), so ordinary runs never dirty the work tree; otherwise the committed file must exist.
/// </summary>
public sealed class ReadmeScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public const string UpdateVariable = "BIGTECHCHAT_UPDATE_SCREENSHOT";

    private static readonly string ScreenshotPath = Path.Combine(RepositoryRoot(), "docs", "images", "chat.png");

    [Fact]
    public async Task Readme_screenshot_of_two_people_chatting_is_present_and_regenerates_on_request()
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) != "1")
        {
            Assert.True(File.Exists(ScreenshotPath), $"{ScreenshotPath} is missing; run the tests with {UpdateVariable}=1 to take it.");
            return;
        }

        browser.RequireChromium();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var alice = new ChatPage(await browser.OpenClientAsync(800, 520));
        var bob = new ChatPage(await browser.OpenClientAsync(800, 520));
        await alice.RegisterAsync($"alice{suffix}", "Alice");
        await bob.RegisterAsync($"bob{suffix}", "Bob");
        await alice.SendFriendRequestAsync($"bob{suffix}", "Bob");
        await bob.AcceptFriendRequestAsync("Alice");
        await alice.OpenDirectRoomAsync("Bob");
        await bob.OpenDirectRoomAsync("Alice");
        await alice.SendAsync("Hi Bob! Dinner at 7?");
        await Expect(bob.Message("Dinner at 7")).ToBeVisibleAsync();
        await bob.SendAsync("Sounds great, see you there!");
        await Expect(alice.Message("see you there")).ToBeVisibleAsync();
        await alice.Message("see you there").GetByText("React").ClickAsync();
        await alice.Message("see you there").GetByRole(AriaRole.Button, new() { Name = "React with ❤️" }).ClickAsync();
        await Expect(bob.Message("see you there").Locator(".reaction")).ToHaveTextAsync("❤️ 1");
        await Expect(alice.Message("Dinner at 7").Locator(".receipt")).ToHaveTextAsync("Read");
        await alice.Page.Locator("#composer-text").BlurAsync();
        await bob.Page.Locator("#composer-text").BlurAsync();

        // Side by side on one canvas: a blank page showing both screenshots.
        var left = Convert.ToBase64String(await alice.Page.ScreenshotAsync());
        var right = Convert.ToBase64String(await bob.Page.ScreenshotAsync());
        var canvas = await (await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1624, Height = 536 } })).NewPageAsync();
        await canvas.SetContentAsync(
            "<body style=\"margin:0;background:#c9ced8;display:flex;gap:16px;padding:8px\">" +
            $"<img src=\"data:image/png;base64,{left}\"><img src=\"data:image/png;base64,{right}\"></body>");
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        await canvas.ScreenshotAsync(new() { Path = ScreenshotPath });
        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BigTechChat.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BigTechChat.sln not found above the test binaries.");
    }
}
