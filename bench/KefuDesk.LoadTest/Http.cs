using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KefuDesk.LoadTest;

/// <summary>REST calls the setup makes, with errors that say what the server answered.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>A client with its own cookie jar: each staff member signs in separately.</summary>
    public static HttpClient Client(Uri baseUrl, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static async Task<T> PostAsync<T>(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
               ?? throw new InvalidOperationException($"POST {path} answered an empty body");
    }

    public static async Task<T> GetAsync<T>(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
               ?? throw new InvalidOperationException($"GET {path} answered an empty body");
    }

    public static async Task PutAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync(path, body, Json, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
