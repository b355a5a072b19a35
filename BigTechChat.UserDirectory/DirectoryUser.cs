using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserDirectory;

/// <summary>A service's own copy of what it needs to know about a user: name and presence.</summary>
public sealed class DirectoryUser
{
    public long Id { get; set; }

    public required string Username { get; set; }

    public string? DisplayName { get; set; }

    public bool IsOnline { get; set; }

    public DateTime? LastSeenAt { get; set; }

    /// <summary>When the presence change stored here happened, so an older event arriving late cannot undo a newer one.</summary>
    public DateTime? PresenceChangedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A service database that holds a <see cref="DirectoryUser"/> table.</summary>
public interface IUserDirectoryDbContext
{
    DbSet<DirectoryUser> DirectoryUsers { get; }
}

public static class UserDirectoryModel
{
    public static ModelBuilder AddUserDirectoryTable(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DirectoryUser>(user =>
        {
            user.ToTable("directory_users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).ValueGeneratedNever();
            user.Property(u => u.Username).HasMaxLength(50);
            user.Property(u => u.DisplayName).HasMaxLength(100);
        });
        return modelBuilder;
    }
}
