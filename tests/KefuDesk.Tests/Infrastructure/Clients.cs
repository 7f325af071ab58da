using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KefuDesk.Tests.Infrastructure;

public static class Clients
{
    /// <summary>A plain HTTP client on the node's real socket, with its own cookie jar.</summary>
    public static (HttpClient Http, CookieContainer Cookies) Http(KefuDeskApp app)
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return (new HttpClient(handler) { BaseAddress = app.BaseAddress }, cookies);
    }

    /// <summary>
    /// A client whose requests come from another loopback address (127.0.0.0/8 is all loopback), so
    /// tests of limits per address can be several callers, each with its own count.
    /// </summary>
    public static (HttpClient Http, CookieContainer Cookies) From(KefuDeskApp app, string localAddress)
    {
        var cookies = new CookieContainer();
        var local = IPAddress.Parse(localAddress);
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return (new HttpClient(handler) { BaseAddress = app.BaseAddress }, cookies);
    }
}

/// <summary>The JSON the API speaks: camelCase, enums as camelCase strings.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options) => KefuDesk.Infrastructure.JsonDefaults.Apply(options);
}
