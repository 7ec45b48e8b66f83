
namespace KoproGo.Tests.Support;

/// <summary>
/// A transfer file read back by an independent tool: AqBanking (Debian's aqbanking-tools), whose XML importer has a
/// profile for pain.001.001.03. It lists each transaction as tab-separated values: date, amount, …, our IBAN, the
/// creditor's name, the creditor's IBAN, the unstructured remittance text.
/// </summary>
public static class AqBanking
{
    public static async Task<IReadOnlyList<string[]>> Transactions(byte[] pain001)
    {
        var folder = Directory.CreateTempSubdirectory("koprogo-aqbanking").FullName;
        try
        {
            var file = Path.Combine(folder, "transfers.xml");
            var context = Path.Combine(folder, "context");
            await File.WriteAllBytesAsync(file, pain001);
            var config = Path.Combine(folder, "config");
            await Run(["-D", config, "import", "--importer=xml", "--profile=pain_001_001_03", "-f", file, "-c", context]);
            var listed = await Run(["-D", config, "listtrans", "-c", context]);
            return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Run(string[] arguments)
    {
        var (code, output, errors) = await Processes.Run("/usr/bin/aqbanking-cli", arguments);
        if (code != 0) throw new InvalidOperationException($"aqbanking-cli {string.Join(' ', arguments)}: {code}\n{errors}");
        return output;
    }
}
