using KefuDesk.Features.AfterSales.Complaints;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary><c>outcome</c>: revised | explained | unreachable; <c>reply</c>, when given, is saved as the shop's reply too.</summary>
public sealed record FollowUpInput(string Outcome, string? Note = null, string? Reply = null, int? Version = null);

public sealed record ReviewReplyInput(string Reply, int? Version = null);

public sealed record ReviewReassignInput(Guid AssigneeId, int? Version = null);

/// <summary>The fields of a review an audit entry shows before and after a change (only those that changed).</summary>
internal static class ReviewSnapshot
{
    public static IReadOnlyDictionary<string, object?> Of(Review r) => new Dictionary<string, object?>
    {
        ["rating"] = r.Rating,
        ["stars"] = r.Stars,
        ["descriptionScore"] = r.DescriptionScore,
        ["serviceScore"] = r.ServiceScore,
        ["logisticsScore"] = r.LogisticsScore,
        ["text"] = ComplaintSnapshot.Short(r.Text),
        ["orderNo"] = r.OrderNo,
        ["flagged"] = r.Flagged,
        ["assigneeId"] = r.AssigneeId,
        ["followUp"] = r.FollowUp,
        ["outcome"] = r.Outcome,
        ["reply"] = ComplaintSnapshot.Short(r.Reply),
    };
}
