using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BigTechChat.UserService.Infrastructure;

/// <summary>Lets <c>dotnet ef</c> generate the MySQL migrations without a server.</summary>
internal sealed class UserDbContextFactory : IDesignTimeDbContextFactory<UserDbContext>
{
    public UserDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UserDbContext>()
            .UseMySql("Server=localhost;Database=userdb;User=root;Password=design", ServerVersion.Parse("8.0.36-mysql"))
            .Options);
}
