namespace KefuDesk.LoadTest;

/// <summary>
/// Every hub connection's negotiate request goes through one shared connection pool. Otherwise each
/// connection's own HTTP client keeps a socket to the server open for a minute after negotiating,
/// doubling the server's sockets: 19,000 buyers would need 38,000 descriptors, and the idle figures
/// would count sockets a browser shares with the page's other requests.
/// </summary>
public sealed class SharedNegotiation(HttpMessageInvoker shared) : HttpMessageHandler
{
    public static readonly HttpMessageInvoker Pool = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: false);

    public static HttpMessageHandler Handler(HttpMessageHandler _) => new SharedNegotiation(Pool);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        shared.SendAsync(request, cancellationToken);
}
