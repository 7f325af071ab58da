namespace KefuDesk.Features.Shop;

/// <summary>The company that runs one or more shops and employs the service team.</summary>
public sealed class Organisation
{
    private Organisation() { }

    public Organisation(Guid id, string name, DateTime createdAt)
    {
        Id = id;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}
