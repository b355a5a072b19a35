using BigTechChat.EndToEnd.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BigTechChat.Web.Tests;

/// <summary>Two people in two browser profiles chat through the web client the gateway serves.</summary>
public sealed class ChatJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static ChatJourneyTests() => SetDefaultExpectTimeout(15_000);

    private static string NewUsername(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task Two_people_chat_live_with_receipts_unread_counts_reactions_edits_and_deletes()
    {
        browser.RequireChromium();
        var (aliceName, bobName) = (NewUsername("alice"), NewUsername("bob"));
        var alice = new ChatPage(await browser.OpenClientAsync());
        var bob = new ChatPage(await browser.OpenClientAsync());
        await alice.RegisterAsync(aliceName, "Alice");
        await bob.RegisterAsync(bobName, "Bob");

        await alice.SendFriendRequestAsync(bobName, "Bob");
        await bob.AcceptFriendRequestAsync("Alice");
        await alice.OpenDirectRoomAsync("Bob");

        await alice.SendAsync("Hello Bob");
        await alice.ExpectSentAsync("Hello Bob");
        await Expect(bob.Room("Alice").Locator(".unread")).ToHaveTextAsync("1");
        await Expect(bob.Room("Alice")).ToContainTextAsync("Hello Bob");

        await bob.OpenRoomAsync("Alice");
        await Expect(bob.Message("Hello Bob")).ToBeVisibleAsync();
        await Expect(alice.Message("Hello Bob").Locator(".receipt")).ToHaveTextAsync("Read");
        await Expect(bob.Room("Alice").Locator(".unread")).ToHaveCountAsync(0);

        await bob.SendAsync("Hi Alice");
        await Expect(alice.Message("Hi Alice")).ToHaveCountAsync(1);

        await bob.Message("Hello Bob").GetByText("React").ClickAsync();
        await bob.Message("Hello Bob").GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        await Expect(alice.Message("Hello Bob").Locator(".reaction")).ToHaveTextAsync("👍 1");

        await alice.Message("Hello Bob").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await alice.Page.GetByLabel("Edit message").FillAsync("Hello Bob, how are you?");
        await alice.Page.GetByLabel("Edit message").PressAsync("Enter");
        await Expect(bob.Message("Hello Bob, how are you?")).ToContainTextAsync("(edited)");

        await alice.SendAsync("Wrong room, sorry");
        await Expect(bob.Message("Wrong room, sorry")).ToHaveCountAsync(1);
        var mistake = alice.Message("Wrong room, sorry");
        await mistake.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await mistake.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Expect(bob.Message("Wrong room, sorry")).ToHaveCountAsync(0);
        await Expect(bob.Messages.Locator(".deleted")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Message deleted"));

        await alice.Page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Friends") }).ClickAsync();
        var bobRow = alice.Page.Locator("#friend-list li", new() { HasText = "Bob" });
        await Expect(bobRow.Locator(".presence")).ToHaveTextAsync("online");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(bob.Page.Locator("#login-form")).ToBeVisibleAsync();
        await Expect(bobRow.Locator(".presence")).ToHaveTextAsync("offline");
    }

    [Fact]
    public async Task A_message_sent_while_the_server_restarts_arrives_once_and_the_stream_resumes()
    {
        browser.RequireChromium();
        var (alice, bob) = await TwoFriendsInARoomAsync();

        await alice.SendAsync("Before the restart");
        await Expect(bob.Message("Before the restart")).ToHaveCountAsync(1);

        await browser.System.StopAsync();
        await alice.SendAsync("Sent while the server was down");
        await Expect(alice.Message("Sent while the server was down")).ToContainTextAsync("Sending…");
        await browser.System.StartAsync();

        await Expect(bob.Message("Sent while the server was down")).ToHaveCountAsync(1);
        await alice.ExpectSentAsync("Sent while the server was down");
        await alice.SendAsync("After the restart");
        await Expect(bob.Message("After the restart")).ToHaveCountAsync(1);
        await Expect(bob.Messages.Locator("li")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task At_phone_width_a_room_fills_the_screen_and_older_messages_load_by_seq()
    {
        browser.RequireChromium();
        using var http = browser.System.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "Alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "Bob");
        var room = await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}");
        var roomId = room.Body!["id"]!.GetValue<long>();
        for (var i = 1; i <= 60; i++)
        {
            await alice.PostAsync($"/api/messages/{roomId}", new { content = $"Message number {i}.", message_type = "text" });
        }

        var page = new ChatPage(await browser.OpenClientAsync(width: 375, height: 740));
        await page.LoginAsync(bob.Username, "Bob");
        await page.OpenRoomAsync("Alice");

        await Expect(page.Page.Locator("nav.sidebar")).ToBeHiddenAsync();
        await Expect(page.Messages.Locator("li")).ToHaveCountAsync(50);
        await Expect(page.Message("Message number 10.")).ToHaveCountAsync(0);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).ClickAsync();
        await Expect(page.Messages.Locator("li")).ToHaveCountAsync(60);
        await Expect(page.Messages.Locator("li").First).ToContainTextAsync("Message number 1.");
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToBeHiddenAsync();

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Back to chats" }).ClickAsync();
        await Expect(page.Room("Alice")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_group_is_created_from_friends_and_its_owner_adds_and_removes_members()
    {
        browser.RequireChromium();
        using var http = browser.System.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "Alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "Bob");
        var carol = await ChatClient.RegisterAndLoginAsync(http, "Carol");
        foreach (var friend in new[] { bob, carol })
        {
            await alice.PostAsync("/api/friends/request", new { user_id_2 = friend.UserId });
            await friend.PutAsync($"/api/friends/status/{alice.UserId}", new { action = "accept" });
        }

        var page = new ChatPage(await browser.OpenClientAsync());
        await page.LoginAsync(alice.Username, "Alice");
        await page.Page.GetByText("New group").ClickAsync();
        await page.Page.GetByLabel("Group name").FillAsync("Weekend trip");
        await page.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Bob" }).CheckAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(page.Page.Locator("#room-title")).ToHaveTextAsync("Weekend trip");
        await Expect(page.Room("Weekend trip")).ToBeVisibleAsync();

        var members = page.Page.Locator("#member-list");
        await page.Page.GetByText("Members", new() { Exact = true }).ClickAsync();
        await Expect(members.Locator("li")).ToHaveCountAsync(2);
        await page.Page.GetByLabel("Add a friend").SelectOptionAsync(new SelectOptionValue { Label = "Carol" });
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(members.Locator("li")).ToHaveCountAsync(3);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Remove Bob from the group" }).ClickAsync();
        await Expect(members.Locator("li")).ToHaveCountAsync(2);
        await Expect(members).Not.ToContainTextAsync("Bob");
    }

    [Fact]
    public async Task Problem_details_from_the_api_are_shown_in_words()
    {
        browser.RequireChromium();
        var page = new ChatPage(await browser.OpenClientAsync());
        var form = page.Page.Locator("#login-form");
        await form.GetByLabel("Email").FillAsync("nobody@example.com");
        await form.GetByLabel("Password").FillAsync("Wrong#123");
        await form.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.Notice).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Invalid email or password"));
    }

    /// <summary>Two users made through the API (the journey test covers doing it in the page), logged in, in their room.</summary>
    private async Task<(ChatPage Alice, ChatPage Bob)> TwoFriendsInARoomAsync()
    {
        using var http = browser.System.CreateGatewayClient();
        var alice = await ChatClient.RegisterAndLoginAsync(http, "Alice");
        var bob = await ChatClient.RegisterAndLoginAsync(http, "Bob");
        await alice.PostAsync("/api/friends/request", new { user_id_2 = bob.UserId });
        await bob.PutAsync($"/api/friends/status/{alice.UserId}", new { action = "accept" });
        await alice.GetAsync($"/api/chat-rooms/check/{bob.UserId}");

        var alicePage = new ChatPage(await browser.OpenClientAsync());
        var bobPage = new ChatPage(await browser.OpenClientAsync());
        await alicePage.LoginAsync(alice.Username, "Alice");
        await bobPage.LoginAsync(bob.Username, "Bob");
        await alicePage.OpenRoomAsync("Bob");
        await bobPage.OpenRoomAsync("Alice");
        return (alicePage, bobPage);
    }
}
