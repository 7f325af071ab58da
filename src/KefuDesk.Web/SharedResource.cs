using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]
[assembly: Microsoft.Extensions.Localization.RootNamespace("KefuDesk")]

namespace KefuDesk;

/// <summary>Marker for the shared UI strings in <c>Resources/SharedResource*.resx</c> (zh-CN neutral, en).</summary>
public sealed class SharedResource;
