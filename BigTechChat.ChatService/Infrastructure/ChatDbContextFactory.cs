using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BigTechChat.ChatService.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the MySQL model without a running server.</summary>
internal sealed class ChatDbContextFactory : IDesignTimeDbContextFactory<ChatDbContext>
{
    public ChatDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ChatDbContext>()
        .UseMySql("Server=localhost;Database=chat;User=root", ServerVersion.Parse("8.0.36-mysql"))
        .Options);
}
