namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// Something that must be written in the same transaction as the batch's changes (an outbox row
/// for a channel reply), and told once they are committed.
/// </summary>
public interface IWriteBatchHook
{
    void BeforeCommit(WriteBatch batch);

    void AfterCommit();
}
