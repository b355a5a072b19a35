using System.IO.Compression;
using System.Text;

namespace BigTechChat.EndToEnd.Tests.HostileInput;

/// <summary>One odd or hostile request body: its headers, its bytes and the answer it must get.</summary>
/// <param name="Name">How the test output names the case.</param>
/// <param name="ContentType">The raw Content-Type header, or null to send none.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="ContentEncoding">A Content-Encoding header, or null.</param>
/// <param name="Expected">The exact status, or null for any answer but a 5xx.</param>
/// <param name="AsPlainJson">Whether the answer must equal the one a plain <c>application/json</c> body gets.</param>
public sealed record HostileRequest(
    string Name, string? ContentType, byte[] Body, string? ContentEncoding = null, int? Expected = null, bool AsPlainJson = false)
{
    /// <summary>Valid for every JSON endpoint of the catalogue: unknown fields are ignored (API.md §1).</summary>
    public const string ValidJson =
        """{"email":"nobody@example.com","password":"Wrong#123","display_name":"odd headers","user_id_2":999999999,"room_id":999999999,"message_ids":["aaaaaaaaaaaaaaaaaaaaaaaa"]}""";

    public static readonly IReadOnlyList<HostileRequest> JsonCatalogue =
    [
        Accepted("application/json; charset=\"utf-8\""),
        Accepted("application/json; charset=UTF-8"),
        Accepted("application/json; charset=\"UTF-8\""),
        Accepted("application/json;charset=utf8"),
        Accepted("APPLICATION/JSON; CHARSET=\"Utf-8\""),
        Refused("application/json; charset=latin1"),
        Refused("application/json; charset=iso-8859-1"),
        Refused("application/json; charset=\"utf-16\""),
        Refused("application/json; charset=utf-32"),
        Refused("application/json; charset=no-such-charset-at-all"),
        Refused("application/json; charset=\"\""),
        Refused("application/json; charset="),
        Refused("application/json; charset=\"utf-8"),
        Refused("text/plain"),
        Refused("application/x-www-form-urlencoded"),
        Refused("multipart/form-data; boundary=xyz"),
        Refused("not a media type"),
        new("no content type", null, Encoding.UTF8.GetBytes(ValidJson), Expected: 415),
        new("gzip body", "application/json", Gzip(ValidJson), "gzip", 415),
        new("unknown coding", "application/json", Encoding.UTF8.GetBytes(ValidJson), "x-unheard-of", 415),
        new("invalid UTF-8 bytes", "application/json", [.. "{\"display_name\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8], Expected: 422),
        new("UTF-16 bytes declared as UTF-8", "application/json", Encoding.Unicode.GetBytes(ValidJson), Expected: 422),
        new("byte order mark", "application/json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ValidJson)], AsPlainJson: true),
        new("deeply nested", "application/json", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), Expected: 422),
        new("number out of range", "application/json", """{"user_id_2":1e400,"room_id":99999999999999999999999,"display_name":1e400}"""u8.ToArray()),
        new("duplicate keys", "application/json", Encoding.UTF8.GetBytes(ValidJson.Replace("{", "{\"email\":\"first@example.com\",\"room_id\":1,", StringComparison.Ordinal)), AsPlainJson: true),
        new("body over 64 KB", "application/json", Encoding.UTF8.GetBytes($$"""{"display_name":"{{new string('x', 100 * 1024)}}"}"""), Expected: 413),
    ];

    /// <summary>The OAuth2 password form of <c>POST /api/auth/login</c>.</summary>
    public static readonly IReadOnlyList<HostileRequest> FormCatalogue =
    [
        Form("form, quoted charset", "application/x-www-form-urlencoded; charset=\"utf-8\"", "username=nobody%40example.com&password=Wrong%23123", 401),
        Form("form, upper-case charset", "application/x-www-form-urlencoded; charset=UTF-8", "username=nobody%40example.com&password=Wrong%23123", 401),
        Form("form, latin1", "application/x-www-form-urlencoded; charset=latin1", "username=nobody%40example.com&password=Wrong%23123", 415),
        Form("form, utf-16", "application/x-www-form-urlencoded; charset=utf-16", "username=nobody%40example.com&password=Wrong%23123", 415),
        Form("form, gzip", "application/x-www-form-urlencoded", "username=a&password=b", 415, "gzip"),
        Form("form as multipart", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\na\r\n--xyz--\r\n", 415),
        Form("multipart without boundary", "multipart/form-data", "garbage", 415),
        Form("form as JSON", "application/json", """{"username":"a","password":"b"}""", 415),
        Form("form, broken percent-encoding", "application/x-www-form-urlencoded", "username=%%%&password=%zz%", null),
        Form("form, huge key", "application/x-www-form-urlencoded", new string('k', 20_000) + "=v&username=a&password=b", 400),
        Form("form, many fields", "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 5000).Select(i => $"f{i}=v")), 400),
        Form("form, invalid UTF-8", "application/x-www-form-urlencoded", "username=%C3%28%FF&password=%FE", null),
        Form("form over 64 KB", "application/x-www-form-urlencoded", "username=a&password=" + new string('p', 100 * 1024), 413),
    ];

    public override string ToString() => Name;

    private static HostileRequest Accepted(string contentType) => new(contentType, contentType, Encoding.UTF8.GetBytes(ValidJson), AsPlainJson: true);

    private static HostileRequest Refused(string contentType) => new(contentType, contentType, Encoding.UTF8.GetBytes(ValidJson), Expected: 415);

    private static HostileRequest Form(string name, string contentType, string body, int? expected, string? encoding = null) =>
        new(name, contentType, Encoding.UTF8.GetBytes(body), encoding, expected);

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
