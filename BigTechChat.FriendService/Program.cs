using BigTechChat.FriendService;

var builder = WebApplication.CreateBuilder(args);

builder.AddFriendService();

var app = builder.Build();

app.MapFriendService();

app.Run();
