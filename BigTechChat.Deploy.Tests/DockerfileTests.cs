using System.Globalization;
using BigTechChat.Deploy.Tests.Infrastructure;

namespace BigTechChat.Deploy.Tests;

public class DockerfileTests
{
    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Image_is_built_by_the_sdk_and_runs_on_the_aspnet_runtime(string app)
    {
        var lines = Instructions(app);
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.True(froms.Count >= 2, "Expected a multi-stage build.");
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", froms[^1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Image_publishes_and_starts_the_apps_project(string app)
    {
        var project = ConfigurationContract.AppNamed(app).Project;
        var text = RepositoryPaths.ReadDeployFile("docker", $"{app}.Dockerfile");

        Assert.Contains($"dotnet publish {project}/{project}.csproj", text, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Image_runs_as_the_non_root_app_user_without_a_healthcheck(string app)
    {
        var lines = Instructions(app);
        var finalStage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        Assert.Equal("USER $APP_UID", finalStage.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ConfigurationContract.AppNames), MemberType = typeof(ConfigurationContract))]
    public void Image_listens_on_the_apps_contract_port(string app)
    {
        var port = ConfigurationContract.AppNamed(app).Port.ToString(CultureInfo.InvariantCulture);
        var lines = Instructions(app);

        Assert.Contains($"EXPOSE {port}", lines);
        Assert.Contains($"ENV ASPNETCORE_HTTP_PORTS={port}", lines);
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_local_data()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
    }

    private static List<string> Instructions(string app) =>
        [.. RepositoryPaths.ReadDeployFile("docker", $"{app}.Dockerfile").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];
}
