using System.Security.Cryptography;

namespace KoproGo.Web.Infrastructure.Documents;

/// <summary>Where document files live. Keys are made here (32 hex digits), never from a user's file name.</summary>
public interface IDocumentStorage
{
    /// <summary>Stores the content under a new key; returns the key, the size and the SHA-256.</summary>
    Task<(string Key, long Size, string Sha256)> Save(Stream content, CancellationToken cancellationToken);
    Stream Open(string key);
    void Delete(string key);
}

/// <summary>A folder on disk (KoproGo:Documents:Path). Enough for one server; an object store can replace it.</summary>
public sealed class LocalFolderStorage : IDocumentStorage
{
    private readonly string root;

    public LocalFolderStorage(string root)
    {
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(this.root);
    }

    private string PathOf(string key)
    {
        if (key.Length != 32 || !key.All(Uri.IsHexDigit)) throw new ArgumentException("not a storage key", nameof(key));
        return Path.Combine(root, key[..2], key);
    }

    public async Task<(string Key, long Size, string Sha256)> Save(Stream content, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
        }
        return (key, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public Stream Open(string key) => new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }
}
