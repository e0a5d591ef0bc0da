using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VectorVue.Bench.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection over loopback that sends prepared request bytes and reads each answer
/// (Content-Length or chunked). Deliberately minimal, so that the generator spends as little of the machine's two
/// cores as possible — the same code drives the ceiling server and the real API.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private byte[] _body = new byte[16 * 1024];
    private int _start;
    private int _end;
    private int _bodyLength;

    private HttpConnection(Socket socket) => _socket = socket;

    /// <summary>The body of the last answer (valid until the next request).</summary>
    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyLength);

    public static async Task<HttpConnection> OpenAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new HttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and reads its answer; returns the status code.</summary>
    /// <exception cref="IOException">The connection broke or the answer was not HTTP/1.1.</exception>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            request = request[sent..];
        }

        int headEnd;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var head = _buffer.AsSpan(_start, headEnd);
        if (head.Length < 12 || !head.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new IOException("not an HTTP/1.1 answer");
        }

        var contentLength = -1;
        var chunked = false;
        var close = false;
        foreach (var range in head.Split(CrLf))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new IOException("bad Content-Length");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = value.SequenceEqual("close"u8);
            }
        }

        _start += headEnd + HeaderEnd.Length;
        _bodyLength = 0;
        if (chunked)
        {
            await ReadChunkedAsync(cancellationToken);
        }
        else if (contentLength > 0)
        {
            await EnsureAsync(contentLength, cancellationToken);
            AppendBody(_buffer.AsSpan(_start, contentLength));
            _start += contentLength;
        }

        if (close)
        {
            throw new IOException("the server closed the connection");
        }

        return status;
    }

    private async Task ReadChunkedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(CrLf)) < 0)
            {
                await FillAsync(cancellationToken);
            }

            var sizeText = _buffer.AsSpan(_start, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
            {
                throw new IOException("bad chunk size");
            }

            _start += lineEnd + CrLf.Length;
            await EnsureAsync(size + CrLf.Length, cancellationToken);
            if (size == 0)
            {
                _start += CrLf.Length; // no trailers: the last chunk ends with an empty line
                return;
            }

            AppendBody(_buffer.AsSpan(_start, size));
            _start += size + CrLf.Length;
        }
    }

    private void AppendBody(ReadOnlySpan<byte> data)
    {
        if (_bodyLength + data.Length > _body.Length)
        {
            Array.Resize(ref _body, Math.Max(_body.Length * 2, _bodyLength + data.Length));
        }

        data.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += data.Length;
    }

    private async Task EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            await FillAsync(cancellationToken);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }

    public void Dispose() => _socket.Dispose();
}
