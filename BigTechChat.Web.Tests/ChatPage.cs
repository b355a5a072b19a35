using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BigTechChat.Web.Tests;

/// <summary>One person using the web client: the steps a person takes, found by label and role as a screen reader would.</summary>
public sealed class ChatPage(IPage page)
{
    public const string Password = "Secret#123";

    public IPage Page { get; } = page;

    public ILocator Messages => Page.Locator("#message-list");

    public ILocator Message(string text) => Messages.Locator("li", new LocatorLocatorOptions { HasText = text });

    public ILocator Room(string name) => Page.Locator("#room-list .room-item", new PageLocatorOptions { HasText = name });

    public ILocator Notice => Page.GetByRole(AriaRole.Alert);

    public async Task RegisterAsync(string username, string displayName)
    {
        var form = Page.Locator("#register-form");
        await form.GetByLabel("Email").FillAsync($"{username}@example.com");
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Display name").FillAsync(displayName);
        await form.GetByLabel("Password").FillAsync(Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.Locator("#whoami")).ToHaveTextAsync(displayName);
        await Expect(form).ToBeHiddenAsync();
    }

    public async Task LoginAsync(string username, string displayName)
    {
        var form = Page.Locator("#login-form");
        await form.GetByLabel("Email").FillAsync($"{username}@example.com");
        await form.GetByLabel("Password").FillAsync(Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page.Locator("#whoami")).ToHaveTextAsync(displayName);
    }

    public Task TabAsync(string name) => Page.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();

    public async Task SendFriendRequestAsync(string username, string displayName)
    {
        await TabAsync("Find people");
        await Page.GetByLabel("Name or username").FillAsync(username);
        await Page.GetByLabel("Name or username").PressAsync("Enter");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Add {displayName} as a friend" }).ClickAsync();
        await Expect(Notice).ToContainTextAsync($"Friend request sent to {displayName}");
    }

    public async Task AcceptFriendRequestAsync(string displayName)
    {
        await Page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Friends") }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Accept {displayName}" }).ClickAsync();
        await Expect(Notice).ToContainTextAsync($"You and {displayName} are now friends");
    }

    public async Task OpenDirectRoomAsync(string displayName)
    {
        await Page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Friends") }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Message {displayName}" }).ClickAsync();
        await Expect(Page.Locator("#room-title")).ToHaveTextAsync(displayName);
        await Expect(Page.Locator("#room-stream")).ToHaveTextAsync("Live");
    }

    public async Task OpenRoomAsync(string name)
    {
        await TabAsync("Chats");
        await Room(name).ClickAsync();
        await Expect(Page.Locator("#room-title")).ToHaveTextAsync(name);
        await Expect(Page.Locator("#room-stream")).ToHaveTextAsync("Live");
    }

    public async Task SendAsync(string text)
    {
        await Page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await Page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
    }

    public async Task ExpectSentAsync(string text)
    {
        await Expect(Message(text)).ToHaveCountAsync(1);
        await Expect(Message(text).Locator(".receipt")).ToBeVisibleAsync();
    }
}
