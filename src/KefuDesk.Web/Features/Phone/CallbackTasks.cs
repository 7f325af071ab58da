using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Phone;

/// <summary>How the writer's commands find call-back tasks.</summary>
internal static class CallbackTasks
{
    /// <summary>
    /// The task, locked until the batch commits on PostgreSQL, so two nodes never both take or
    /// complete it (SQLite has one writer). A task already tracked in this batch is that one.
    /// </summary>
    public static CallbackTask? LoadLocked(WriteBatch batch, Guid id)
    {
        if (batch.Db.CallbackTasks.Local.FirstOrDefault(t => t.Id == id) is { } tracked)
        {
            return tracked;
        }

        return batch.Db.Database.IsNpgsql()
            ? batch.Db.CallbackTasks.FromSql($"""SELECT * FROM "CallbackTasks" WHERE "Id" = {id} FOR UPDATE""").FirstOrDefault()
            : batch.Db.CallbackTasks.FirstOrDefault(t => t.Id == id);
    }

    /// <summary>The task, if it is in a shop the staff member serves (else it does not exist for them).</summary>
    public static CallbackTask Served(WriteBatch batch, StaffAccess staff, Guid taskId)
    {
        var task = LoadLocked(batch, taskId);
        return task is not null && staff.Serves(task.ShopId) ? task : throw new KefuDeskException(KefuDeskError.CallbackNotFound);
    }

    /// <summary>The task's events go out with the batch's, after commit.</summary>
    public static void Publish(WriteBatch batch, CallbackTask task)
    {
        foreach (var e in task.TakeEvents())
        {
            batch.PublishAfterCommit(e);
        }
    }

    /// <summary>The buyer's open call-back in the shop, if any: a buyer who rings three times is called back once.</summary>
    public static CallbackTask? OpenFor(WriteBatch batch, Guid shopId, Guid? customerId, string number) =>
        batch.Db.CallbackTasks.Local.FirstOrDefault(t => t.ShopId == shopId && t.IsOpen && (t.CustomerId == customerId || t.Number == number))
        ?? batch.Db.CallbackTasks
            .Where(t => t.ShopId == shopId && t.Status == CallbackStatus.Open && (t.CustomerId == customerId || t.Number == number))
            .OrderBy(t => t.CreatedAt)
            .FirstOrDefault();
}

/// <summary>An agent will make this call back: colleagues see it is taken (supervisors may take it over).</summary>
public sealed class TakeCallback(StaffAccess staff, Guid taskId) : ConversationCommand<Guid>
{
    internal override void Declare(WriteBatchPlan plan)
    {
    }

    protected override Guid Execute(WriteBatch batch)
    {
        var task = CallbackTasks.Served(batch, staff, taskId);
        task.Take(staff.AgentId, staff.MaySupervise, batch.Now);
        CallbackTasks.Publish(batch, task);
        return task.Id;
    }
}

/// <summary>Nobody will call back (the buyer got in touch otherwise, a wrong number): the taker or a supervisor drops it.</summary>
public sealed class CancelCallback(StaffAccess staff, Guid taskId) : ConversationCommand<Guid>
{
    internal override void Declare(WriteBatchPlan plan)
    {
    }

    protected override Guid Execute(WriteBatch batch)
    {
        var task = CallbackTasks.Served(batch, staff, taskId);
        task.Cancel(staff.AgentId, staff.MaySupervise, batch.Now);
        CallbackTasks.Publish(batch, task);
        return task.Id;
    }
}
