using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.LoadTest;

public sealed record AgentSendRequest(Guid ConversationId, string ClientMessageId, string Body);

/// <summary>
/// Agents answering (soak): every Nth buyer message an agent receives, it replies in that
/// conversation, so the writer, the pushes to buyers and the search index carry agents' traffic too.
/// Replies are not measured; failures are counted.
/// </summary>
public sealed class AgentReplies(string runTag, int every)
{
    private const string Body = "您好,已经为您查询,订单今天下午发出,请耐心等待。";
    private long _seen;
    private long _sent;
    private long _failed;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _errors = new();

    public long Sent => Interlocked.Read(ref _sent);
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Why replies failed: each distinct error (up to five) with how often it came.</summary>
    public IReadOnlyList<string> ErrorSamples => _errors.Select(e => $"{e.Value}× {e.Key}").ToList();

    public void Received(HubConnection agent, MessageView message, MessageLog log)
    {
        if (every <= 0 || !log.IsMeasured(message.ClientMessageId) || Interlocked.Increment(ref _seen) % every != 0)
        {
            return;
        }

        _ = ReplyAsync(agent, message.ConversationId);
    }

    private async Task ReplyAsync(HubConnection agent, Guid conversationId)
    {
        var id = $"{runTag}r{Interlocked.Increment(ref _sent)}";
        try
        {
            await agent.InvokeAsync<MessageView>("SendMessage", new AgentSendRequest(conversationId, id, Body));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            var why = e.Message.Length > 200 ? e.Message[..200] : e.Message;
            if (_errors.Count < 5 || _errors.ContainsKey(why))
            {
                _errors.AddOrUpdate(why, 1, (_, n) => n + 1);
            }
        }
    }
}
