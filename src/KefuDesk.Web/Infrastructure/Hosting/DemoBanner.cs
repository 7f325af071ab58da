using KefuDesk.Features.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>In demo mode, says where to go and how to sign in, once the server listens.</summary>
public sealed class DemoBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<KefuDeskOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Demo)
        {
            lifetime.ApplicationStarted.Register(Print);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        address = address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/');
        var lines = new List<string>
        {
            "",
            "  KefuDesk 客服系统 is running (demo data)",
            $"  Staff workspace 客服工作台:  {address}/workspace",
            $"  Demo shop 演示店铺:          {address}/demo-shop",
            $"  API reference:              {address}/scalar/v1",
            "  Demo sign-ins 演示账号:",
        };
        lines.AddRange(DemoAccounts.All.Select(a => $"    {a.UserName,-10} {a.Password,-12} {a.Description}"));
        lines.Add("  Press Ctrl+C to stop.");
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
