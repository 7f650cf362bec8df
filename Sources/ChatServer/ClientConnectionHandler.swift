import ChatCore
import ChatProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One chat client's connection: framing, the alias handshake, flood control
/// and its share of the output. Routing decisions belong to the hub.
///
/// Flood control never drops input: when the client's token bucket is empty
/// the handler withholds `read()` until it refills, so TCP pushes back on
/// the sender and at most one read's worth of lines waits here.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let hub: ChatHub
    private let handshakeTimeoutSeconds: Int
    private let sendQueueBytes: Int
    private var framer: LineFramer
    private var bucket: TokenBucket
    private var context: ChannelHandlerContext?

    private(set) var alias: String?
    private(set) var peerAddress: IPAddress?
    private(set) var peerDescription = "unknown"
    /// Why the connection is ending, for the LEAVE line and the statistics.
    var closeReason: String?
    var messagesSent = 0
    private let connectedAt = time(nil)
    private var lastActivity = time(nil)

    private var admitted = false
    private var closing = false
    private var overQueue = false
    private var inputClosed = false
    private var readPaused = false
    private var readRequested = false
    /// Where this client's share of the hub's current tick of broadcasts
    /// begins; kept by the hub.
    var broadcastOffset = 0
    /// This tick's lines for the client, joined and handed to NIO as one write
    /// at the flush: a pipeline write per line and recipient cost far more than
    /// copying the line (most of chatd's time in a fanout profile).
    private var outgoing: ByteBuffer?
    private var handshakeTimer: Scheduled<Void>?

    init(hub: ChatHub) {
        self.hub = hub
        self.handshakeTimeoutSeconds = hub.settings.handshakeTimeoutSeconds
        self.sendQueueBytes = hub.settings.sendQueueBytes
        self.framer = LineFramer(maxLineBytes: hub.settings.maxLineBytes)
        self.bucket = TokenBucket(
            rate: hub.settings.rateLimit,
            burst: hub.settings.rateBurst,
            now: NIODeadline.now().uptimeNanoseconds
        )
    }

    var summary: ConnectedUser {
        let queued = (try? context?.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        return ConnectedUser(
            alias: alias ?? "",
            peer: peerDescription,
            connectedAt: connectedAt,
            idleSeconds: max(0, time(nil) - lastActivity),
            messagesSent: messagesSent,
            queuedBytes: queued
        )
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if let remote = context.channel.remoteAddress, let ip = remote.ipAddress {
            peerAddress = IPAddress(ip)
            let shown = peerAddress?.description ?? ip
            peerDescription = shown.contains(":") ? "[\(shown)]:\(remote.port ?? 0)" : "\(shown):\(remote.port ?? 0)"
        }
        if let refusal = hub.admit(self) {
            close(after: hub.encode(refusal))
            return
        }
        admitted = true
        hub.send(.nick(hint: "choose an alias"), to: self)
        if handshakeTimeoutSeconds > 0 {
            handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(
                in: .seconds(Int64(handshakeTimeoutSeconds))
            ) { [self] in
                hub.countError()
                closeReason = "handshake timeout"
                close(after: hub.encode(.error("no alias chosen within \(handshakeTimeoutSeconds) seconds, goodbye")))
            }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        closing = true
        if admitted {
            admitted = false
            hub.connectionClosed(self)
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        hub.countBytesIn(bytes.readableBytes)
        guard !closing else { return }
        framer.append(bytes)
        processLines()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            inputClosed = true
            processLines()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason = closeReason ?? "connection lost"
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if readPaused {
            readRequested = true
        } else {
            context.read()
        }
    }

    // MARK: Input

    private func processLines() {
        while !closing {
            if alias != nil, !bucket.isUnlimited {
                let wait = bucket.nanosecondsUntilNextToken(now: NIODeadline.now().uptimeNanoseconds)
                if wait > 0 {
                    pauseReading(forNanoseconds: wait)
                    return
                }
            }
            guard let frame = framer.next() else { break }
            if alias != nil {
                _ = bucket.take(now: NIODeadline.now().uptimeNanoseconds)
            }
            handle(frame)
        }
        if inputClosed, !closing {
            // An unterminated last line is discarded with the rest of the input.
            if alias != nil {
                hub.depart(self, reason: closeReason ?? "connection lost", finalLine: nil)
            } else {
                close(after: nil)
            }
        }
    }

    private func pauseReading(forNanoseconds wait: UInt64) {
        guard !readPaused, let context else { return }
        readPaused = true
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(wait))) { [self] in
            readPaused = false
            processLines()
            if !readPaused, readRequested, let context = self.context {
                readRequested = false
                context.read()
            }
        }
    }

    private func handle(_ frame: LineFramer.Frame) {
        lastActivity = time(nil)
        switch frame {
        case .overlong:
            hub.send(.error("line too long (over \(framer.maxLineBytes) bytes), discarded"), to: self)
            if alias == nil { hub.send(.nick(hint: "choose an alias"), to: self) }
        case .line(let line):
            if alias == nil {
                handleAlias(line)
            } else {
                handleChat(line)
            }
        }
    }

    private func handleAlias(_ line: ByteBuffer) {
        guard let requested = String(validating: line.readableBytesView, as: UTF8.self) else {
            hub.send(.error("an alias may only use ASCII letters, digits, '_', '-' and '.'"), to: self)
            hub.send(.nick(hint: "choose an alias"), to: self)
            return
        }
        hub.login(self, as: requested)
    }

    private func handleChat(_ line: ByteBuffer) {
        guard line.readableBytes > 0 else { return }
        switch line.withUnsafeReadableBytes({ TextSanitizer.sanitize($0) }) {
        case .invalidUTF8:
            hub.send(.error("line is not valid UTF-8, discarded"), to: self)
        case .text(let text):
            guard !text.isEmpty else { return }
            hub.handle(ClientCommand(parsing: text[...]), from: self)
        }
    }

    func loggedIn(as alias: String) {
        self.alias = alias
        handshakeTimer?.cancel()
        handshakeTimer = nil
    }

    // MARK: Output

    func write(_ buffer: ByteBuffer) {
        guard context != nil, !overQueue else { return }
        hub.countBytesOut(buffer.readableBytes)
        if var pending = outgoing {
            // Taken out first so that the buffer is uniquely referenced and grows in place.
            outgoing = nil
            pending.writeImmutableBuffer(buffer)
            outgoing = pending
        } else {
            outgoing = buffer
            hub.needsFlush(self)
        }
    }

    /// Flushes, then holds the client to its send queue: what the kernel did
    /// not take is what chatd keeps for it. Checking after the flush rather
    /// than on every write lets one loop tick's burst through to a healthy reader.
    func flush() {
        guard let context else { return }
        writeOutgoing(context)
        context.flush()
        guard !overQueue, !closing,
              let queued = try? context.channel.syncOptions?.getOption(.bufferedWritableBytes),
              queued > sendQueueBytes
        else { return }
        overQueue = true
        hub.sendQueueExceeded(self)
    }

    /// Ends the connection once `finalLine` and everything queued before it
    /// is written; a client over its send queue loses its queue instead.
    func close(after finalLine: ByteBuffer?) {
        guard !closing, let context else { return }
        closing = true
        handshakeTimer?.cancel()
        guard !overQueue else {
            outgoing = nil
            context.close(promise: nil)
            return
        }
        writeOutgoing(context)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(finalLine ?? ByteBuffer())).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    private func writeOutgoing(_ context: ChannelHandlerContext) {
        guard let pending = outgoing else { return }
        outgoing = nil
        context.write(wrapOutboundOut(pending), promise: nil)
    }

    /// Closes at once, dropping queued output (the shutdown grace period is over).
    func closeNow() {
        context?.close(promise: nil)
    }
}
