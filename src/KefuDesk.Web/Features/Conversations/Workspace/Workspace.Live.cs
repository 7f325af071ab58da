using KefuDesk.Infrastructure.Realtime;

namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>
/// The workspace's live side: notices from every node update the open thread and the lists. The
/// thread trusts sequence numbers, so a missed notice costs a fetch, never a message.
/// </summary>
public sealed partial class Workspace
{
    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        if (notice.Kind == WorkspaceNoticeKind.Resync)
        {
            await ReloadListAsync();
            if (_selected is not null && _messages.Count > 0)
            {
                var missed = await Queries.MessagesAfterAsync(_selected.Id, _messages[^1].Sequence, ConversationQueries.MaxPage);
                _messages.AddRange(missed.Messages);
            }

            StateHasChanged();
            return;
        }

        if (!_staff.Serves(notice.ShopId) || !ConcernsMe(notice))
        {
            return;
        }

        var open = _selected?.Id == notice.ConversationId;
        if (notice is { Kind: WorkspaceNoticeKind.MessageCreated, Message: { } message })
        {
            if (open)
            {
                await MergeAsync(message);
                if (message.Sender == SenderKind.Customer)
                {
                    await MarkReadAsync();
                }
            }

            UpdateListItem(notice, message, open);
        }
        else if (open)
        {
            await RefreshSelectedAsync();
        }

        StateHasChanged();
        await RefreshListSoonAsync();
    }

    /// <summary>Notices for other agents' conversations do not touch this screen (busy shops send many).</summary>
    private bool ConcernsMe(WorkspaceNotice notice) =>
        _maySupervise || notice.AssigneeId is null || notice.AssigneeId == _staff.AgentId
        || _selected?.Id == notice.ConversationId || _list.Exists(i => i.Id == notice.ConversationId);

    /// <summary>Reloads the list and counts once for a burst of notices, not once per notice.</summary>
    private async Task RefreshListSoonAsync()
    {
        if (_listRefreshQueued)
        {
            return;
        }

        _listRefreshQueued = true;
        await Task.Delay(ListRefreshDelay);
        _listRefreshQueued = false;
        await ReloadListAsync();
        StateHasChanged();
    }

    /// <summary>Moves the conversation to the top with its new preview, at once (the list reload follows).</summary>
    private void UpdateListItem(WorkspaceNotice notice, MessageView message, bool open)
    {
        var index = _list.FindIndex(i => i.Id == notice.ConversationId);
        if (index < 0)
        {
            return;
        }

        var item = _list[index];
        _list.RemoveAt(index);
        _list.Insert(0, item with
        {
            LastMessageAt = message.CreatedAt,
            LastMessagePreview = message.Body.Length <= Conversation.PreviewLength ? message.Body : message.Body[..Conversation.PreviewLength],
            LastSender = message.Sender,
            LastSequence = Math.Max(item.LastSequence, message.Sequence),
            AssigneeId = notice.AssigneeId,
            UnreadForAgent = open ? 0 : message.Sender == SenderKind.Customer ? item.UnreadForAgent + 1 : item.UnreadForAgent,
        });
    }
}
