import NIOCore
import NIOWebSocket

/// Turns a WebSocket into the byte stream of chat lines that
/// `ClientConnectionHandler` reads and writes, so that a browser is a member
/// like any other: each text message is one line in either direction,
/// without its line end. A binary message, a line end inside a message, or a
/// message over `max-line-bytes` ends the connection with the close code
/// RFC 6455 gives for it; invalid UTF-8 reaches the hub, which answers `ERR`
/// as on TCP. Pings are answered; a peer silent for `probeInterval` is
/// pinged, and closed if it stays silent as long again.
final class WebSocketLineAdapter: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    static let probeInterval = TimeAmount.seconds(60)

    private var closeSent = false
    private var probed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        probed = false
        switch frame.opcode {
        case .text:
            var line = frame.unmaskedData
            let lineEnd = line.readableBytesView.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            guard !lineEnd else {
                sendClose(context, code: .policyViolation, reason: "one line per message, without a line end")
                return
            }
            line.writeInteger(UInt8(ascii: "\n"))
            context.fireChannelRead(wrapInboundOut(line))
        case .binary:
            sendClose(context, code: .unacceptableData, reason: "text messages only")
        case .ping:
            // A peer that sends pings without reading the pongs gets none: they must not pile up here.
            guard context.channel.isWritable else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            // The peer is done: answer its close (RFC 6455 5.5.1), and the connection ends.
            sendClose(context, code: .normalClosure, reason: nil)
        default:
            return
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .some(.read) = event as? IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if probed {
            sendClose(context, code: .goingAway, reason: "no answer to a ping")
        } else {
            probed = true
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer())), promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The aggregator's errors (a fragmented message); the decoder answers its own.
        switch error as? NIOWebSocketFrameAggregator.Error {
        case .accumulatedFrameSizeIsTooLarge:
            sendClose(context, code: .messageTooLarge, reason: "message too long")
        case .some:
            sendClose(context, code: .protocolError, reason: "malformed fragments")
        case nil:
            context.fireErrorCaught(error)
        }
    }

    /// One text message per line; an empty write is the connection handler
    /// asking for everything before it to be written before it closes
    /// (`closeAfterWrites`), which on a WebSocket is the close message.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var bytes = unwrapOutboundIn(data)
        guard bytes.readableBytes > 0 else {
            writeClose(context, code: .normalClosure, reason: nil, promise: promise)
            return
        }
        var last: EventLoopFuture<Void>?
        while let end = bytes.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = end - bytes.readerIndex
            guard let line = bytes.readSlice(length: length) else { break }
            bytes.moveReaderIndex(forwardBy: 1)
            last = context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: line)))
        }
        if let promise {
            if let last { last.cascade(to: promise) } else { promise.succeed() }
        }
    }

    private func sendClose(_ context: ChannelHandlerContext, code: WebSocketErrorCode, reason: String?) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        writeClose(context, code: code, reason: reason, promise: promise)
        context.flush()
        let channel = context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    private func writeClose(_ context: ChannelHandlerContext, code: WebSocketErrorCode, reason: String?, promise: EventLoopPromise<Void>?) {
        guard !closeSent else {
            promise?.succeed()
            return
        }
        closeSent = true
        var data = context.channel.allocator.buffer(capacity: 2 + (reason?.utf8.count ?? 0))
        data.write(webSocketErrorCode: code)
        if let reason { data.writeString(reason) }
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)), promise: promise)
    }
}
