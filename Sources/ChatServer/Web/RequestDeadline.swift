import NIOCore

/// A connection to the web listener must have asked for its page, or become
/// a WebSocket, within `limit`: one that sends nothing (or a request a byte
/// at a time) is closed rather than holding a descriptor. Removed once the
/// connection is a WebSocket, whose idle peers are probed instead.
final class RequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    static let limit = TimeAmount.seconds(10)
    private var deadline: Scheduled<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.limit) {
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
