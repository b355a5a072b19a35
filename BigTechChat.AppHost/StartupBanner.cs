using System.Text;

namespace BigTechChat.AppHost;

internal static class StartupBanner
{
    public static string Render(EmbeddedSystem system) => Render(
        "embedded mode: one process, SQLite files in " + Path.GetFullPath(system.Options.DataDirectory) + ", in-process event bus",
        system.Endpoints.Select(e => (e.DisplayName, e.Url, e.HasDocs)),
        dashboard: null);

    public static string Render(DistributedSystem system, Uri? dashboard) => Render(
        "distributed mode: one process per service",
        system.Processes.Select(p => (DisplayName: p.Name, p.Url, HasDocs: p.Name != "gateway")),
        dashboard);

    private static string Render(string mode, IEnumerable<(string DisplayName, Uri Url, bool HasDocs)> endpoints, Uri? dashboard)
    {
        var text = new StringBuilder().AppendLine().AppendLine($"BigTech Chat is running ({mode})").AppendLine();
        foreach (var (name, uri, hasDocs) in endpoints)
        {
            var url = uri.ToString().TrimEnd('/');
            var extra = hasDocs ? $"docs: {url}/docs" : $"health: {url}/health";
            text.AppendLine($"  {name,-15} {url,-24} {extra}");
        }

        if (dashboard is not null)
        {
            text.AppendLine($"  {"Dashboard",-15} {dashboard.ToString().TrimEnd('/'),-24} traces and logs");
        }

        return text.AppendLine().AppendLine("  Clients use the gateway. Press Ctrl+C to stop.").ToString();
    }
}
