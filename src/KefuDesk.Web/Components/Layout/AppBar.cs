namespace KefuDesk.Components.Layout;

/// <summary>Places in the app bar that a page fills with its own content (through a SectionContent).</summary>
public static class AppBar
{
    /// <summary>The agent's status selector, shown while the workspace is open.</summary>
    public const string Status = "app-bar-status";
}
