using KefuDesk.LoadTest;

// Exit codes: 0 the run finished and no message was lost; 1 it could not run; 3 it ran but
// messages failed, went missing or reached the wrong agent.
if (BenchOptions.Parse(args) is not { } options)
{
    return args.Contains("--help") || args.Contains("-h") ? 0 : 1;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var run = new BenchRun(options);
try
{
    var result = await run.RunAsync(cancel.Token);
    result.PrintTable(Console.Out);
    var json = result.ToJson();
    Console.WriteLine(json);
    if (options.JsonOut is { } file)
    {
        await File.AppendAllTextAsync(file, json + Environment.NewLine);
    }

    return result.Lossy ? 3 : 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"load test failed: {e.GetType().Name}: {e.Message}");
    return 1;
}
finally
{
    await run.DisposeAsync();
}
