using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>Renders a kustomize overlay with <c>kubectl kustomize</c> (offline) once per test run.</summary>
public static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<Manifests>> s_rendered = new();

    public static Manifests Render(string overlay) =>
        s_rendered.GetOrAdd(overlay, o => new Lazy<Manifests>(() => RenderNow(o))).Value;

    private static Manifests RenderNow(string overlay)
    {
        var directory = RepositoryPaths.Deploy("k8s", "overlays", overlay);
        Assert.True(Directory.Exists(directory), $"Overlay directory {directory} is missing.");

        var start = new ProcessStartInfo(FindKubectl())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("kubectl could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kubectl kustomize {directory} did not finish within a minute.");
        }

        // Debian's kubernetes-client (1.20, kustomize v2) cannot read `labels:` or label-selected patches.
        Assert.True(process.ExitCode == 0,
            $"kubectl kustomize {directory} failed ({process.ExitCode}); the manifests need kubectl >= 1.27 " +
            $"(kustomize v5): {stderr.GetAwaiter().GetResult()}");
        return new Manifests(Yaml.ParseDocuments(stdout.GetAwaiter().GetResult()));
    }

    /// <summary>kubectl from $KUBECTL or PATH; a missing kubectl fails the tests (these checks must never skip).</summary>
    private static string FindKubectl()
    {
        var configured = Environment.GetEnvironmentVariable("KUBECTL");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException(
                $"KUBECTL is set to {configured}, which does not exist; BigTechChat.Deploy.Tests needs kubectl to render deploy/k8s.");
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .Append("/usr/bin/kubectl")
            .Append("/usr/local/bin/kubectl");
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "kubectl is required by BigTechChat.Deploy.Tests (it renders deploy/k8s with `kubectl kustomize`, offline) " +
            "but was not found on PATH. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL.");
    }
}

/// <summary>The objects of one rendered overlay.</summary>
public sealed class Manifests(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> All { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => All.Where(o => o["kind"].Text() == kind);

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"The render has no {kind} named {name}.");

    public JsonObject? Find(string kind, string name) =>
        OfKind(kind).FirstOrDefault(o => o["metadata"]?["name"].Text() == name);
}

public static class ManifestExtensions
{
    public static string Name(this JsonObject manifest) => manifest["metadata"]?["name"].Text() ?? "";

    public static JsonArray Containers(this JsonObject workload) =>
        workload["spec"]?["template"]?["spec"]?["containers"].Items() ?? [];

    public static JsonObject PodSpec(this JsonObject workload) =>
        workload["spec"]?["template"]?["spec"]?.AsObject() ?? [];
}
