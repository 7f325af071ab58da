using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>One call KefuDesk made to the WeChat API: the path, the query, the body (and the uploaded file, if any).</summary>
public sealed record WeChatCall(string Method, string Path, IReadOnlyDictionary<string, string> Query, byte[] Body, string? UploadName, byte[]? Upload)
{
    public string? AccessToken => Query.GetValueOrDefault("access_token");

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// WeChat's API (api.weixin.qq.com) for one 公众号, on a loopback port, as its documents describe it:
/// stable_token hands out the current access_token (a new one once the test expires it); every
/// other call checks the token (40001 unknown, 42001 expired) and answers errcode JSON with HTTP
/// 200; media/get serves the pictures a test put there; message/custom/send records what it got
/// and answers the errcodes a test lines up. It also serves plain picture URLs (PicUrl).
/// </summary>
public sealed class WeChatStandIn : IAsyncDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "0123456789abcdef0123456789ABCDEF";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _sendErrors = new();
    private readonly ConcurrentDictionary<string, bool> _tokens = new(); // token → still valid
    private readonly object _tokenLock = new();
    private string? _current;
    private int _issued;
    private int _uploads;

    private WeChatStandIn(WebApplication app) => _app = app;

    public ConcurrentQueue<WeChatCall> Calls { get; } = new();

    /// <summary>Temporary material buyers sent (media_id → file), served by media/get.</summary>
    public ConcurrentDictionary<string, (byte[] Content, string ContentType)> Media { get; } = new();

    /// <summary>Plain pictures served at /pics/{name}, as PicUrl points to.</summary>
    public ConcurrentDictionary<string, byte[]> Pictures { get; } = new();

    /// <summary>When set, every 客服消息 is refused with this errcode (45015: the 48-hour window is over).</summary>
    public int? RefuseEverySend { get; set; }

    public Uri BaseAddress { get; private set; } = default!;

    public IReadOnlyList<WeChatCall> CallsTo(string path) => Calls.Where(c => c.Path == path).ToList();

    public static async Task<WeChatStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new WeChatStandIn(app);
        app.Run(standIn.AnswerAsync);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>The access_token handed out now runs out: calls with it get 42001 and stable_token gives a new one.</summary>
    public void ExpireToken()
    {
        lock (_tokenLock)
        {
            if (_current is not null)
            {
                _tokens[_current] = false;
                _current = null;
            }
        }
    }

    /// <summary>The next 客服消息 calls are refused with these errcodes, in order.</summary>
    public void RefuseNextSends(params int[] errcodes)
    {
        foreach (var code in errcodes)
        {
            _sendErrors.Enqueue(code);
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        string? uploadName = null;
        byte[]? upload = null;
        byte[] body;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync();
            var file = form.Files["media"];
            uploadName = file?.FileName;
            using var copy = new MemoryStream();
            if (file is not null)
            {
                await file.CopyToAsync(copy);
            }

            upload = copy.ToArray();
            body = [];
        }
        else
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy);
            body = copy.ToArray();
        }

        var call = new WeChatCall(http.Request.Method, http.Request.Path, query, body, uploadName, upload);
        Calls.Enqueue(call);

        switch (call.Path)
        {
            case "/cgi-bin/stable_token":
                await StableTokenAsync(http, call);
                return;
            case "/cgi-bin/message/custom/send":
                if (await TokenRefusedAsync(http, call))
                {
                    return;
                }

                var refusal = RefuseEverySend ?? (_sendErrors.TryDequeue(out var next) ? next : (int?)null);
                await (refusal is { } code
                    ? ErrorAsync(http, code, code == 45015 ? "response out of time limit or subscription is canceled" : "refused by the stand-in")
                    : http.Response.WriteAsJsonAsync(new { errcode = 0, errmsg = "ok" }));
                return;
            case "/cgi-bin/media/upload":
                if (await TokenRefusedAsync(http, call))
                {
                    return;
                }

                if (query.GetValueOrDefault("type") != "image" || upload is not { Length: > 0 })
                {
                    await ErrorAsync(http, 40004, "invalid media type");
                    return;
                }

                var mediaId = $"upload-{Interlocked.Increment(ref _uploads)}";
                await http.Response.WriteAsJsonAsync(new { type = "image", media_id = mediaId, created_at = 1700000000 });
                return;
            case "/cgi-bin/media/get":
                if (await TokenRefusedAsync(http, call))
                {
                    return;
                }

                if (!Media.TryGetValue(query.GetValueOrDefault("media_id") ?? "", out var media))
                {
                    await ErrorAsync(http, 40007, "invalid media_id");
                    return;
                }

                http.Response.ContentType = media.ContentType;
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{query["media_id"]}.jpg\"";
                await http.Response.Body.WriteAsync(media.Content);
                return;
            default:
                if (call.Path.StartsWith("/pics/", StringComparison.Ordinal) && Pictures.TryGetValue(call.Path[6..], out var picture))
                {
                    http.Response.ContentType = "image/png";
                    await http.Response.Body.WriteAsync(picture);
                    return;
                }

                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task StableTokenAsync(HttpContext http, WeChatCall call)
    {
        var request = call.Json;
        if (request.GetProperty("grant_type").GetString() != "client_credential" || request.GetProperty("appid").GetString() != AppId
            || request.GetProperty("secret").GetString() != AppSecret)
        {
            await ErrorAsync(http, 40125, "invalid appsecret");
            return;
        }

        string token;
        lock (_tokenLock)
        {
            // Normal mode: the same token while it is valid, so several callers never cancel each other's.
            _current ??= $"token-{++_issued}";
            _tokens[_current] = true;
            token = _current;
        }

        await http.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 7200 });
    }

    private async Task<bool> TokenRefusedAsync(HttpContext http, WeChatCall call)
    {
        if (!_tokens.TryGetValue(call.AccessToken ?? "", out var valid))
        {
            await ErrorAsync(http, 40001, "invalid credential, access_token is invalid or not latest");
            return true;
        }

        if (!valid)
        {
            await ErrorAsync(http, 42001, "access_token expired");
            return true;
        }

        return false;
    }

    private static Task ErrorAsync(HttpContext http, int errcode, string errmsg) => http.Response.WriteAsJsonAsync(new { errcode, errmsg });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
