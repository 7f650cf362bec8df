import AdminProtocol
import ChatCore
import NIOCore

/// A chat client's TCP connection as the hub sees it: this handler owns only
/// I/O (framing, pacing reads, writing and flushing, closing on time) and
/// hands every line to the hub, which owns every chat fact about it.
///
/// Flood control never drops input: when the client's token bucket is empty
/// the handler withholds `read()` until it refills, so TCP pushes back on
/// the sender and at most one read's worth of lines waits here. It applies
/// from the first line, the alias handshake included. Time is the event
/// loop's, so that tests can drive it.
final class ClientConnectionHandler: ChannelDuplexHandler, ChatConnection {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum State: Equatable {
        /// Added to the pipeline, not yet active.
        case idle
        /// Reading lines and handing them to the hub.
        case reading
        /// The peer ended its input; the lines already read are still handled.
        case draining
        /// chatd is ending it: no more reads, the last output is on its way.
        case closing
        /// The next chatd takes it over: no more reads, output still goes out.
        case handedOver
        case closed
    }

    /// A connection the previous chatd kept, as it left it.
    struct Restoring {
        let record: ConnectionRecord
        let slot: Int
        let input: HandOver.Input?
    }

    /// What a connection that is not a fresh TCP one starts from; boxed, so
    /// that the common case costs every idle client one pointer, not the
    /// hundred-odd bytes of these values.
    private final class StartingPoint {
        let restoring: Restoring?
        let peer: Peer?

        init(restoring: Restoring?, peer: Peer?) {
            self.restoring = restoring
            self.peer = peer
        }
    }

    /// Whether reads flow or wait for the token bucket to refill.
    enum Pacing: Equatable {
        case flowing
        /// `readWanted`: NIO asked for a read while paused; it is issued on resume.
        case paused(readWanted: Bool)
    }

    // Widest first: ten thousand idle clients pay for every byte of padding.
    private let hub: ChatHub
    private var context: ChannelHandlerContext?
    /// nil for a fresh TCP connection; dropped once the connection started.
    private var startingPoint: StartingPoint?
    /// What NIO still held after the last flush (counted with `outgoing`).
    private var unsentAtLastFlush = 0
    private var bucket: TokenBucket
    private var framer: LineFramer
    /// This tick's lines for the client, joined and handed to NIO as one write
    /// at the flush: a pipeline write per line and recipient cost far more than
    /// copying the line (most of chatd's time in a fanout profile).
    private var outgoing: ByteBuffer?
    private var id: ConnectionID?
    private let transport: Transport
    private(set) var state = State.idle
    private(set) var pacing = Pacing.flowing
    /// Lines handled before yielding the event loop to everyone else.
    static let linesPerTurn = 64

    /// `transport` is what lies below this handler: for `.tls`, a TLS handler
    /// already turned the stream into plain text.
    /// `.web`: a `WebSocketLineAdapter` below turned messages into lines;
    /// `peer` then says who the client is, and the handler starts when added
    /// (the channel became active before the upgrade).
    init(hub: ChatHub, transport: Transport, restoring: Restoring? = nil, peer: Peer? = nil) {
        self.hub = hub
        self.transport = transport
        self.startingPoint = restoring == nil && peer == nil ? nil : StartingPoint(restoring: restoring, peer: peer)
        self.framer = LineFramer(maxLineBytes: hub.settings.maxLineBytes)
        self.bucket = TokenBucket(
            rate: hub.settings.rateLimit,
            burst: hub.settings.rateBurst,
            now: hub.eventLoop.now.uptimeNanoseconds
        )
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive, state == .idle { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if state == .idle { start(context) }
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        state = .reading
        let remote = context.channel.remoteAddress
        let started = startingPoint
        startingPoint = nil
        // A proxied WebSocket's peer is who X-Forwarded-For names, not the socket's address.
        let peer = started?.peer ?? Peer(address: remote?.ipAddress.flatMap(IPAddress.init), port: remote?.port, transport: transport)
        if let restoring = started?.restoring {
            if let input = restoring.input { framer.restore(input) }
            guard let id = hub.restore(self, from: peer, record: restoring.record, slot: restoring.slot) else {
                state = .closing
                context.close(promise: nil)
                return
            }
            self.id = id
            processLines()
            return
        }
        let id = hub.register(self, from: peer)
        self.id = id
        hub.admit(id)
    }

    func channelInactive(context: ChannelHandlerContext) {
        outgoing = nil
        state = .closed
        if let id { hub.closed(id) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        hub.received(byteCount: bytes.readableBytes)
        // A read NIO had already asked for may still arrive once handed over: it is carried too.
        guard state == .reading || state == .handedOver else { return }
        framer.append(bytes)
        guard state == .reading else { return }
        processLines()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent, state == .reading {
            state = .draining
            processLines()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        switch (state, pacing) {
        case (.closing, _), (.handedOver, _), (.closed, _):
            return
        case (_, .paused):
            pacing = .paused(readWanted: true)
        case (_, .flowing):
            context.read()
        }
    }

    // MARK: Input

    private func processLines() {
        guard let id else { return }
        var handled = 0
        while state == .reading || state == .draining, pacing == .flowing {
            if handled == Self.linesPerTurn {
                // A fair share of this tick is used up: the rest waits for the next.
                pause(forNanoseconds: 0)
                return
            }
            // The bucket is asked before a frame is taken, so that no frame
            // waits outside the framer: what is buffered stays there until a
            // token comes, and reads wait with it.
            var now: UInt64 = 0
            if !bucket.isUnlimited, framer.bufferedBytes > 0 {
                now = hub.eventLoop.now.uptimeNanoseconds
                let wait = bucket.nanosecondsUntilNextToken(now: now)
                if wait > 0 {
                    pause(forNanoseconds: wait)
                    return
                }
            }
            guard let frame = framer.next() else { break }
            handled += 1
            if !bucket.isUnlimited { _ = bucket.take(now: now) }
            hub.received(frame, from: id)
        }
        // An unterminated last line is discarded with the rest of the input.
        if state == .draining { hub.inputEnded(id) }
    }

    /// Withholds reads for `wait` (0: until the loop has served everyone else once).
    private func pause(forNanoseconds wait: UInt64) {
        guard pacing == .flowing, let context else { return }
        pacing = .paused(readWanted: false)
        let resume = { [self] in
            guard case .paused(let readWanted) = pacing else { return }
            pacing = .flowing
            processLines()
            if pacing == .flowing, readWanted, state == .reading, let context = self.context {
                context.read()
            }
        }
        if wait == 0 {
            context.eventLoop.assumeIsolated().execute(resume)
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(wait)), resume)
        }
    }

    // MARK: Output (ChatConnection)

    func enqueue(_ bytes: ByteBuffer) -> Int {
        guard context != nil, state != .closed else { return 0 }
        if var pending = outgoing {
            // Taken out first so that the buffer is uniquely referenced and grows in place.
            outgoing = nil
            pending.writeImmutableBuffer(bytes)
            outgoing = pending
        } else {
            outgoing = bytes
        }
        return (outgoing?.readableBytes ?? 0) + unsentAtLastFlush
    }

    func flush() -> Int {
        guard let context else { return 0 }
        writeOutgoing(context)
        context.flush()
        unsentAtLastFlush = bufferedBytes(context)
        return unsentAtLastFlush
    }

    func close(deadline: TimeAmount) {
        guard state != .closing, state != .closed, let context else { return }
        state = .closing
        writeOutgoing(context)
        context.closeAfterWrites(deadline: deadline)
    }

    func suspendForHandOver() {
        guard state == .reading || state == .draining else { return }
        state = .handedOver
        if let context {
            writeOutgoing(context)
            context.flush()
        }
    }

    func handOver() -> HandOver.Input {
        let input = framer.takeUnhandled()
        // Only chatd's copy closes; the socket lives on in systemd's keeping.
        if state == .handedOver { context?.close(promise: nil) }
        return input
    }

    func abort() {
        outgoing = nil
        guard state != .closed else { return }
        state = .closing
        context?.close(promise: nil)
    }

    /// Looked up when asked (rarely: when the hub keeps the connection's
    /// state) rather than stored in every connection.
    var keepableDescriptor: CInt? {
        guard transport == .tcp, let context else { return nil }
        return try? context.pipeline.syncOperations.withUnsafeTransportIfAvailable(of: NIOBSDSocket.Handle.self) { $0 }
    }

    var queuedBytes: Int {
        (outgoing?.readableBytes ?? 0) + (context.map(bufferedBytes) ?? 0)
    }

    private func bufferedBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
    }

    private func writeOutgoing(_ context: ChannelHandlerContext) {
        guard let pending = outgoing else { return }
        outgoing = nil
        context.write(wrapOutboundOut(pending), promise: nil)
    }
}
