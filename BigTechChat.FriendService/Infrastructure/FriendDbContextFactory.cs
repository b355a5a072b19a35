using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BigTechChat.FriendService.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the MySQL model without a running server.</summary>
internal sealed class FriendDbContextFactory : IDesignTimeDbContextFactory<FriendDbContext>
{
    public FriendDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FriendDbContext>()
            .UseMySql("Server=localhost;Database=frienddb", ServerVersion.Parse("8.0.36-mysql"))
            .Options);
}
