using System.Collections.Concurrent;
using System.Net;
using KefuDesk.Features.Channels.ImBridge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>One request an outside party received: its raw body and the signature headers.</summary>
public sealed record ReceivedRequest(string Path, byte[] Body, string? Timestamp, string? Signature, string? ContentType);

/// <summary>
/// An IM bridge (or any outside HTTP party) on a loopback port: records what KefuDesk posts to it
/// and answers with the status codes a test lines up (200 once the line is empty).
/// </summary>
public sealed class BridgeStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();

    private BridgeStandIn(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>What it answers with a success, as JSON (a bridge's own message id, say).</summary>
    public Func<ReceivedRequest, string?> Reply { get; set; } = _ => null;

    public static async Task<BridgeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new BridgeStandIn(app);
        app.Run(standIn.AnswerAsync);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>The next requests fail with these codes, in order.</summary>
    public void FailNext(params HttpStatusCode[] codes)
    {
        foreach (var code in codes)
        {
            _answers.Enqueue(code);
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var request = new ReceivedRequest(http.Request.Path, body.ToArray(), http.Request.Headers[WebhookSignature.TimestampHeader],
            http.Request.Headers[WebhookSignature.SignatureHeader], http.Request.ContentType);
        Received.Enqueue(request);
        if (_answers.TryDequeue(out var failure))
        {
            http.Response.StatusCode = (int)failure;
            return;
        }

        if (Reply(request) is { } json)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(json);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
