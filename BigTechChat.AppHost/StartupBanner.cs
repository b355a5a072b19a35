using System.Text;

namespace BigTechChat.AppHost;

internal static class StartupBanner
{
    public static string Render(EmbeddedSystem system)
    {
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("BigTech Chat is running (embedded mode: one process, SQLite files in "
                + Path.GetFullPath(system.Options.DataDirectory) + ", in-process event bus)")
            .AppendLine();
        foreach (var endpoint in system.Endpoints)
        {
            var url = endpoint.Url.ToString().TrimEnd('/');
            var docs = endpoint.HasDocs ? $"docs: {url}/docs" : "health: " + url + "/health";
            text.AppendLine($"  {endpoint.DisplayName,-15} {url,-24} {docs}");
        }

        return text.AppendLine()
            .AppendLine("  Clients use the gateway. Press Ctrl+C to stop.")
            .ToString();
    }
}
