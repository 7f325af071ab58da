using KefuDesk.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>The notices a node's staff screens were given, for a test to wait for one.</summary>
public sealed class NoticeLog : IDisposable
{
    private readonly List<WorkspaceNotice> _notices = [];
    private readonly IDisposable _subscription;

    public NoticeLog(KefuDeskApp app) =>
        _subscription = app.Services.GetRequiredService<WorkspaceFeed>().Subscribe(n =>
        {
            lock (_notices)
            {
                _notices.Add(n);
            }

            return Task.CompletedTask;
        });

    /// <summary>Waits (up to 10 s) until a notice like this has been given.</summary>
    public Task SeenAsync(Func<WorkspaceNotice, bool> like) => Eventually.TrueAsync(() =>
    {
        lock (_notices)
        {
            return Task.FromResult(_notices.Any(like));
        }
    }, TimeSpan.FromSeconds(10));

    public void Dispose() => _subscription.Dispose();
}
