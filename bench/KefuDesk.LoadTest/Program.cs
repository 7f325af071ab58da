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

if (options.Mode == "idle")
{
    try
    {
        var idle = await new IdleRun(options).RunAsync(cancel.Token);
        idle.PrintTable(Console.Out);
        Console.WriteLine(idle.ToJson());
        if (options.JsonOut is { } idleFile)
        {
            await File.AppendAllTextAsync(idleFile, idle.ToJson() + Environment.NewLine);
        }

        return idle.ConnectionsLost > 0 ? 3 : 0;
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"idle run failed: {e.GetType().Name}: {e.Message}");
        return 1;
    }
}

var run = new BenchRun(options);
try
{
    var result = (await run.RunAsync(cancel.Token)).WithRelay(options.RelayJson);
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
