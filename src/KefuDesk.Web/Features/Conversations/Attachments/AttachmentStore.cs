namespace KefuDesk.Features.Conversations.Attachments;

/// <summary>Where attachment bytes live. Several nodes need a shared folder (or another store behind this).</summary>
public interface IAttachmentStore
{
    Task SaveAsync(Guid id, Stream content, CancellationToken ct);

    Stream OpenRead(Guid id);

    void Delete(Guid id);
}

/// <summary>Files on local disk under <c>Attachments:Path</c> (default <c>data/attachments</c>), spread over folders by id.</summary>
public sealed class LocalDiskAttachmentStore : IAttachmentStore
{
    private readonly string _root;

    public LocalDiskAttachmentStore(IConfiguration configuration, IHostEnvironment environment)
    {
        _root = Path.GetFullPath(configuration["Attachments:Path"] ?? "data/attachments", environment.ContentRootPath);
        Directory.CreateDirectory(_root);
    }

    public async Task SaveAsync(Guid id, Stream content, CancellationToken ct)
    {
        var path = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, ct);
        }

        File.Move(temp, path, overwrite: true);
    }

    public Stream OpenRead(Guid id) => new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public void Delete(Guid id)
    {
        var path = PathOf(id);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathOf(Guid id)
    {
        var name = id.ToString("N");
        return Path.Combine(_root, name[..2], name[2..4], name);
    }
}
