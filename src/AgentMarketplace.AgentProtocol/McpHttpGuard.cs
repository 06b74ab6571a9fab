namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// Sits between the MCP SDK's transport and the platform's guarded handler pipeline (SSRF guard, circuit
/// breaker), and gives every request the SDK sends what <see cref="HttpAgentAdapter"/> gives its own:
/// the circuit it counts against, a bound on the wait for an answer (the SDK sends its
/// `notifications/cancelled` with no deadline of its own), and a cap on how much of an answer is read.
/// </summary>
internal sealed class McpHttpGuard(long maxResponseBytes, string? circuitKey, TimeSpan timeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (circuitKey is not null)
        {
            request.Options.Set(AgentHttpClients.CircuitKey, circuitKey);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var response = await base.SendAsync(request, deadline.Token);
        if (response.Content.Headers.ContentLength > maxResponseBytes)
        {
            response.Dispose();
            throw new AgentAnswerTooLargeException(maxResponseBytes);
        }

        response.Content = new CappedContent(response.Content, maxResponseBytes);
        return response;
    }
}

/// <summary>Thrown while reading an answer past the cap; not an IOException, so no SDK mistakes it for a dropped stream.</summary>
internal sealed class AgentAnswerTooLargeException(long maxResponseBytes)
    : Exception($"The agent's answer is larger than {maxResponseBytes} bytes.");

/// <summary>An answer's content that throws <see cref="AgentAnswerTooLargeException"/> once more than the cap is read.</summary>
internal sealed class CappedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _max;

    public CappedContent(HttpContent inner, long max)
    {
        _inner = inner;
        _max = max;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken);
        await source.CopyToAsync(stream, cancellationToken);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new CappedStream(await _inner.ReadAsStreamAsync(cancellationToken), _max);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class CappedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > max ? throw new AgentAnswerTooLargeException(max) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
