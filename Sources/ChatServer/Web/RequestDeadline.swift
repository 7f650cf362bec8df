import NIOCore

/// A connection to the web listener must have asked for its page, or become
/// a WebSocket, within `limit`, and at most `maximumWaiting` may be waiting
/// to do so at once: one that sends nothing (or a request a byte at a time)
/// is closed rather than holding a descriptor, and a crowd of them is turned
/// away at the door. Removed once the connection is a WebSocket, which is a
/// member like any other, held to `max-clients`, and whose idle peers are
/// probed instead.
final class RequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    static let limit = TimeAmount.seconds(10)
    static let maximumWaiting = 256

    /// How many connections are waiting now; lives on the event loop.
    final class Waiting {
        var count = 0
    }

    private let waiting: Waiting
    private var deadline: Scheduled<Void>?

    init(waiting: Waiting) {
        self.waiting = waiting
    }

    func handlerAdded(context: ChannelHandlerContext) {
        waiting.count += 1
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.limit) {
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        waiting.count -= 1
        deadline?.cancel()
        deadline = nil
    }
}
