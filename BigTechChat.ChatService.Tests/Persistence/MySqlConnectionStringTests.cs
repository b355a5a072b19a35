using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace BigTechChat.ChatService.Tests.Persistence;

/// <summary>The services' MySQL connection defaults (docs/benchmarks.md, "MariaDB commands per send").</summary>
public sealed class MySqlConnectionStringTests
{
    [Fact]
    public void A_pooled_connection_is_not_reset_unless_the_configuration_asks_for_it()
    {
        var configured = "Server=mysql;Port=3306;Database=chatdb;User ID=app;Password=p;Maximum Pool Size=50";

        var used = new MySqlConnectionStringBuilder(PersistenceExtensions.MySqlConnectionString(configured));

        Assert.False(used.ConnectionReset);
        Assert.Equal(("mysql", 3306u, "chatdb", "app", "p", 50u), (used.Server, used.Port, used.Database, used.UserID, used.Password, used.MaximumPoolSize));
    }

    [Theory]
    [InlineData("Server=mysql;Connection Reset=true")]
    [InlineData("Server=mysql;ConnectionReset=True")]
    [InlineData("Server=mysql;connection reset=true")]
    public void An_explicit_connection_reset_is_kept(string configured) =>
        Assert.True(new MySqlConnectionStringBuilder(PersistenceExtensions.MySqlConnectionString(configured)).ConnectionReset);
}
