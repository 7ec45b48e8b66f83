using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace KoproGo.Tests.Support;

/// <summary>One person's browser without JavaScript: cookies, forms with their antiforgery token, HTML parsed by AngleSharp.</summary>
public sealed class Session(HttpClient client, CookieContainer cookies)
{
    public const string DemoPassword = "KoproGo-demo-2026";
    private static readonly HtmlParser Parser = new();
    private bool signedIn;

    public HttpClient Client => client;

    /// <summary>
    /// A new visitor of the app at <paramref name="baseUrl"/>: a plain client that keeps cookies and, like a test should,
    /// lets us see each redirect; its browser asks for <paramref name="language"/> (none: no Accept-Language).
    /// </summary>
    public static Session Open(string baseUrl, string? language = "en", TimeSpan? timeout = null)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies })
        {
            BaseAddress = new Uri(baseUrl),
        };
        if (timeout is { } t) client.Timeout = t;
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return new Session(client, cookies);
    }

    public string? Cookie(string name) => cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    /// <summary>Puts a cookie in this browser, e.g. a copy of another browser's sign-in cookie.</summary>
    public void SetCookie(string name, string value) => cookies.Add(client.BaseAddress!, new Cookie(name, value));

    public static async Task<IHtmlDocument> Parse(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public Task<HttpResponseMessage> GetRaw(string url, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        configure?.Invoke(request);
        return client.SendAsync(request);
    }

    /// <summary>GET a page that must answer 200, parsed.</summary>
    public async Task<IHtmlDocument> Get(string url)
    {
        var response = await GetRaw(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return await Parse(response);
    }

    /// <summary>A token valid for this session, taken from a form page as a browser would.</summary>
    public async Task<string> Token()
    {
        // (the two-factor page is the one a signed-in person always reaches, even before setting it up when required)
        var page = await Get(signedIn ? "/account/two-factor" : "/account/login");
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
    }

    public async Task<HttpResponseMessage> Post(string url, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true,
        Action<HttpRequestMessage>? configure = null)
    {
        var form = fields.ToList();
        if (withToken) form.Add(new("__RequestVerificationToken", await Token()));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>Posts a form with a file, as a browser sends an upload.</summary>
    public async Task<HttpResponseMessage> Upload(string url, string fileField, string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        form.Add(new StringContent(await Token()), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, fileField, fileName);
        return await client.PostAsync(url, form);
    }

    public Task<HttpResponseMessage> Post(string url, params (string Name, string Value)[] fields) =>
        Post(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Posts the form found on the page at <paramref name="url"/> with its current values, some replaced.</summary>
    public async Task<HttpResponseMessage> Submit(string url, params (string Name, string Value)[] changes)
    {
        var page = await Get(url);
        var form = page.QuerySelectorAll<IHtmlFormElement>("main form[method=post]").First();
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } && input.Type != "submit":
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 }:
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 }:
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }
        foreach (var (name, value) in changes)
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public async Task SignIn(string email, string password = DemoPassword)
    {
        var response = await Post("/account/login", ("Input.Email", email), ("Input.Password", password));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} answered {(int)response.StatusCode}");
        signedIn = true;
    }

    /// <summary>
    /// Signs in with the "Sign in with …" button, as <paramref name="person"/> at the provider; answers the app's last
    /// response (a redirect onwards when signed in, the page saying why not otherwise).
    /// </summary>
    public async Task<HttpResponseMessage> SignInThroughProvider(TestIdentityProvider provider, string person, string level = "low")
    {
        var response = await provider.Visit(this, await Post("/account/external", ("returnUrl", "/")), person, level);
        signedIn = Cookie("koprogo-auth") is not null;
        return response;
    }

    /// <summary>Links this signed-in account to <paramref name="person"/> at the provider (My account, sign-in with …).</summary>
    public async Task<HttpResponseMessage> LinkAtProvider(TestIdentityProvider provider, string person) =>
        await provider.Visit(this, await Post("/account/identity?handler=Link"), person);
}
