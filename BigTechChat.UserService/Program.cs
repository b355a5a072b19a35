using BigTechChat.UserService;

var builder = WebApplication.CreateBuilder(args);
builder.AddUserService();

var app = builder.Build();
app.MapUserService();

app.Run();
