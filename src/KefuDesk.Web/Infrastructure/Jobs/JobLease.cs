namespace KefuDesk.Infrastructure.Jobs;

/// <summary>
/// Who runs a cluster-wide job right now. A node runs the job only while it holds the lease; a
/// node that dies lets it lapse and another takes over.
/// </summary>
public sealed class JobLease
{
    private JobLease() { }

    public JobLease(string name) => Name = name;

    public string Name { get; private set; } = "";
    public string? Holder { get; private set; }
    public DateTime ExpiresAt { get; private set; }
}
