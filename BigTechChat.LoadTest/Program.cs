using System.Text.Json;
using BigTechChat.LoadTest;
using BigTechChat.LoadTest.Measurement;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.ShowHelp || args.Length == 0)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Dictionary<string, object> report;
try
{
    report = await LoadRunner.RunAsync(options, cancel.Token);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"Run aborted: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Run cancelled (Ctrl+C).");
    return 130;
}

Console.Error.Write(PerSecondTable.Format(report));
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (options.OutputFile is not null)
{
    await File.WriteAllTextAsync(options.OutputFile, json);
}

return 0;
