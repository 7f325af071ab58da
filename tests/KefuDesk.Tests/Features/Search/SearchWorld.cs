using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Search;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Search;

/// <summary>Conversations to search, and a way to wait until what was written is findable (no polling).</summary>
public static class SearchWorld
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Two Chinese characters nobody else in the test database uses: tests share a database per
    /// class, so each searches for its own word.
    /// </summary>
    public static string UniqueWord()
    {
        // CJK extension A: real characters, rare in the sentences tests write.
        var a = (char)Random.Shared.Next(0x3400, 0x4DB0);
        var b = (char)Random.Shared.Next(0x3400, 0x4DB0);
        return $"{a}{b}";
    }

    /// <summary>A buyer writes in a shop; returns the stored message (its conversation is new).</summary>
    public static async Task<MessageView> BuyerWritesAsync(this AppFixture fx, string body, TestShop? shop = null)
    {
        using var buyer = await fx.NewBuyerAsync(shop);
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    public static async Task<MessageView> RepliesAsync(this StaffClient agent, Guid conversationId, string body)
    {
        var response = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    public static async Task<MessageView> NoteAsync(this StaffClient agent, Guid conversationId, string body)
    {
        var response = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/notes",
            new { clientMessageId = Guid.NewGuid().ToString(), body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    public static async Task<MessageSearchPage> SearchAsync(this StaffClient staff, string query)
    {
        var response = await staff.Http.GetAsync("/api/search/messages?q=" + query);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MessageSearchPage>(Json.Options))!;
    }

    /// <summary>
    /// Waits until the messages have their entries (and, if asked, are marked recalled). Messages
    /// sent through the conversation writer have them at once; the catch-up job writes the others.
    /// </summary>
    public static async Task IndexedAsync(this AppFixture fx, IEnumerable<MessageView> messages, bool recalled = false)
    {
        var writer = fx.App.Services.GetRequiredService<SearchIndexWriter>();
        var pending = messages.Select(m => m.Id).ToHashSet();
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnWritten(IReadOnlyCollection<Guid> _) => written.TrySetResult();
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            writer.Written += OnWritten;
            try
            {
                // Listen first, then look: a write between the two is not missed.
                if (await AllStoredAsync(fx, pending, recalled))
                {
                    return;
                }

                await written.Task.WaitAsync(timeout.Token);
            }
            finally
            {
                writer.Written -= OnWritten;
            }
        }
    }

    private static async Task<bool> AllStoredAsync(AppFixture fx, HashSet<Guid> ids, bool recalled)
    {
        var factory = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var list = ids.ToList();
        var stored = await db.Set<MessageSearchEntry>().CountAsync(e => list.Contains(e.MessageId) && (!recalled || e.Recalled));
        return stored == ids.Count;
    }
}
