using System.Net.Sockets;
using System.Text;


namespace BigTechChat.EndToEnd.Tests.HostileInput;

/// <summary>HTTP/1.1 over a bare socket, for what HttpClient will not send: a body cut off before its Content-Length.</summary>
public static class RawHttp
{
    /// <summary>
    /// Sends the head and <paramref name="sentBody"/> of a request whose Content-Length promises more, waits until
    /// <paramref name="serverIsReading"/> completes, then ends the connection: with a reset (a crashed client) or by
    /// closing its sending side (a truncated upload; Kestrel treats both as the client going away).
    /// </summary>
    public static async Task SendAbortedAsync(Uri server, string path, string contentType, byte[] sentBody, bool reset, Func<Task> serverIsReading)
    {
        using var socket = await ConnectAsync(server);
        await socket.SendAsync(Head(server, path, contentType, sentBody.Length * 100).Concat(sentBody).ToArray());
        await serverIsReading();
        if (reset)
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        else
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        socket.Close();
    }

    private static async Task<Socket> ConnectAsync(Uri server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port);
        return socket;
    }

    private static byte[] Head(Uri server, string path, string contentType, int declaredLength) => Encoding.ASCII.GetBytes(
        $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {declaredLength}\r\n\r\n");
}
