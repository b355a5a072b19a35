namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>Locates files of the repository from the test binaries (which run under bin/).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string ReadDeployFile(params string[] parts)
    {
        var path = Deploy(parts);
        Assert.True(File.Exists(path), $"Expected deployment file {path} to exist.");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BigTechChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"BigTechChat.sln not found above {AppContext.BaseDirectory}.");
    }
}
