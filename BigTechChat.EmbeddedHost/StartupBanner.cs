using System.Text;

namespace BigTechChat.EmbeddedHost;

internal static class StartupBanner
{
    public static string Render(EmbeddedSystem system)
    {
        var text = new StringBuilder().AppendLine()
            .AppendLine($"BigTech Chat embedded host: one process, SQLite files in {Path.GetFullPath(system.Options.DataDirectory)}, in-process event bus")
            .AppendLine();
        foreach (var endpoint in system.Endpoints)
        {
            var url = endpoint.Url.ToString().TrimEnd('/');
            var extra = endpoint.HasDocs ? $"docs: {url}/docs" : $"health: {url}/health";
            text.AppendLine($"  {endpoint.DisplayName,-15} {url,-24} {extra}");
        }

        return text.ToString();
    }
}
