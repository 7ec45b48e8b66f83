using System.Net;
using System.Security.Cryptography;
using System.Text;
using KoproGo.Tests.Support;

namespace KoproGo.Tests.Pages.Documents;

public class DocumentTests(App app) : AppTest(app)
{
    private static readonly byte[] Pdf = Samples.MinimalPdf;

    private Task<long> Tilleuls() => Scalar<long>("select id from buildings where slug = 'residence-les-tilleuls'");

    private async Task<HttpResponseMessage> Upload(Session session, long building, string fileName, byte[] content, string visibility = "owners", string title = "Minutes 2026") =>
        await session.Upload($"/buildings/{building}/documents?handler=upload", "Upload", fileName, content,
            ("Input.Title", title), ("Input.Category", "minutes"), ("Input.Visibility", visibility));

    private string[] StoredFiles() => Directory.GetFiles(App.DocumentsFolder, "*", SearchOption.AllDirectories);

    [Fact]
    public async Task The_syndic_uploads_a_pdf_and_an_owner_of_the_building_downloads_it_unchanged()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await Upload(syndic, building, "pv-ag-2026.pdf", Pdf)).StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), await Scalar<string>("select sha256 from documents"));
        Assert.Single(StoredFiles());

        var owner = await SignedIn("owner@demo.koprogo.be");
        var list = await owner.Get($"/buildings/{building}/documents");
        var link = list.QuerySelector("main tbody a")!.GetAttribute("href")!;
        var download = await owner.GetRaw(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("uploaded", await Scalar<string>("select action from audit_log where entity = 'document'"));
    }

    [Fact]
    public async Task Each_visibility_reaches_exactly_its_readers()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await Upload(syndic, building, "contract.pdf", Pdf, "syndic", "Syndic only");
        await Upload(syndic, building, "board.pdf", Pdf, "board", "Board");
        await Upload(syndic, building, "rules.pdf", Pdf, "public", "Public rules");
        long Id(string title) => Scalar<long>("select id from documents where title = @title", new { title }).Result;

        var owner = await SignedIn("owner@demo.koprogo.be");
        Assert.Equal(["Public rules"], (await owner.Get($"/buildings/{building}/documents")).Texts("main tbody th a"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/documents/{Id("Syndic only")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetRaw($"/documents/{Id("Board")}")).StatusCode);

        var board = await SignedIn("board@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.OK, (await board.GetRaw($"/documents/{Id("Board")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await board.GetRaw($"/documents/{Id("Syndic only")}")).StatusCode);

        var other = await SignedIn("syndic2@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/buildings/{building}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetRaw($"/documents/{Id("Syndic only")}")).StatusCode);

        var anonymous = App.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetRaw($"/documents/{Id("Public rules")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetRaw($"/documents/{Id("Board")}")).StatusCode);
        Assert.Contains("Public rules", (await anonymous.Get("/public/residence-les-tilleuls")).MainText());
    }

    // Built here rather than in the theory's data: xUnit copies theory data when it lists the tests, 21 MB included.
    private static byte[] ContentOf(string fileName) => fileName switch
    {
        "empty.pdf" => [],
        "script.pdf" => Encoding.ASCII.GetBytes("#!/bin/sh\necho not a pdf\n"),
        "program.exe" => [0x4D, 0x5A, 0x90, 0x00, 0x03],
        "big.pdf" => [.. "%PDF-1.4\n"u8, .. new byte[21 * 1024 * 1024]],
        _ => Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\n"),
    };

    [Theory]
    [InlineData("empty.pdf")]
    [InlineData("script.pdf")]
    [InlineData("program.exe")]
    [InlineData("big.pdf")]
    [InlineData("../../etc/passwd")]
    public async Task Empty_oversize_and_unknown_files_are_refused_by_the_field_and_nothing_is_written(string fileName)
    {
        var content = ContentOf(fileName);
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        var response = await Upload(syndic, building, fileName, content, title: "Kept title");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Session.Parse(response);
        Assert.False(string.IsNullOrEmpty(page.GetElementById("Upload-error")?.TextContent));
        Assert.Equal("Kept title", page.FieldValue("Input.Title"));
        Assert.Equal(0L, await Scalar<long>("select count(*) from documents"));
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_file_name_with_folders_is_stored_inside_the_storage_under_a_plain_name()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await Upload(syndic, building, "../../etc/passwd", Pdf)).StatusCode);
        Assert.Equal("passwd.pdf", await Scalar<string>("select file_name from documents"));
        var stored = Assert.Single(StoredFiles());
        Assert.StartsWith(Path.GetFullPath(App.DocumentsFolder), Path.GetFullPath(stored));
    }

    [Fact]
    public async Task Deleting_removes_the_row_and_the_file_and_leaves_a_line_in_the_audit_log()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        await Upload(syndic, building, "old.pdf", Pdf);
        var id = await Scalar<long>("select id from documents");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/documents?handler=delete&documentId={id}")).StatusCode);
        Assert.Equal(0L, await Scalar<long>("select count(*) from documents"));
        Assert.Empty(StoredFiles());
        Assert.Equal(1L, await Scalar<long>("select count(*) from audit_log where entity = 'document' and action = 'deleted'"));
    }

    [Fact]
    public async Task The_entrance_poster_is_kept_as_a_generated_public_pdf()
    {
        var building = await Tilleuls();
        var syndic = await SignedIn("syndic@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Redirect, (await syndic.Post($"/buildings/{building}/documents?handler=poster")).StatusCode);
        Assert.True(await Scalar<bool>("select generated and visibility = 'public' from documents"));
        var id = await Scalar<long>("select id from documents");
        var pdf = await (await App.NewSession().GetRaw($"/documents/{id}")).Content.ReadAsByteArrayAsync();
        Assert.Contains("Syndic de l'immeuble", await PdfText.Of(pdf));
    }

    [Fact]
    public async Task Only_the_syndic_adds_or_deletes()
    {
        var building = await Tilleuls();
        var accountant = await SignedIn("accountant@demo.koprogo.be");
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(accountant, building, "x.pdf", Pdf)).StatusCode);
        Assert.Empty(StoredFiles());
    }
}
