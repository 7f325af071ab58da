using System.Net;
using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>
/// One KefuDesk node on real Kestrel (a loopback port) with a real database, as users run it.
/// Several nodes may share a database and a Redis to behave as one cluster.
/// </summary>
public sealed class KefuDeskApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly string? _redis;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly LogCapture? _logs;

    public KefuDeskApp(TestDatabase database, string? redis = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        LogCapture? logs = null)
    {
        _database = database;
        _redis = redis;
        _settings = settings ?? new Dictionary<string, string?>();
        _clock = clock;
        _logs = logs;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }

    public static readonly IReadOnlyDictionary<string, string?> OrdinaryLimits = new Dictionary<string, string?>
    {
        ["KefuDesk:Limits:SignInPerAddress:Burst"] = "100000",
        ["KefuDesk:Limits:NewVisitorsPerAddress:Burst"] = "100000",
        ["KefuDesk:Limits:NewVisitorsPerShop:Burst"] = "100000",
        ["KefuDesk:Limits:NewConversationsPerAddress:Burst"] = "100000",
        ["KefuDesk:Limits:NewConversationsPerShop:Burst"] = "100000",
    };

    public DatabaseProvider Provider => _database.Provider;

    public Uri Url(string path) => new(BaseAddress, path);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Redis:Configuration", _redis ?? "");
        builder.UseSetting("KefuDesk:Demo", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        // Automatic routing changes who holds a conversation on its own; tests of other features keep it off (Routing tests turn it on).
        builder.UseSetting("KefuDesk:Routing:Enabled", "false");
        builder.UseSetting("Attachments:Path", Path.Combine(Path.GetTempPath(), "kefudesk-tests", "attachments"));
        // Every test signs in and opens widget sessions from 127.0.0.1, many per class: the limits per
        // address and per shop are out of the way unless a test sets them (LimitsTests do, low).
        foreach (var (key, value) in OrdinaryLimits)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }

        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        }
    }
}
