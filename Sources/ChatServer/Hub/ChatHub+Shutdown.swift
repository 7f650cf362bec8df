import ChatProtocol
import NIOCore

extension ChatHub {
    /// Says goodbye to everyone (a NOTICE to those logged in, an ERR to those
    /// still choosing an alias) and gives each connection at most `grace` to
    /// take it. The future completes when every connection is closed.
    func beginShutdown(grace: TimeAmount) -> EventLoopFuture<Void> {
        if let shutdown { return shutdown.futureResult }
        let promise = eventLoop.makePromise(of: Void.self)
        shutdown = promise
        for (id, member) in members {
            switch member.phase {
            case .chatting:
                depart(id, .serverShuttingDown)
                close(id, after: .notice("server shutting down, goodbye"), deadline: grace)
            case .choosingAlias, .claiming:
                close(id, after: .error("server shutting down"), deadline: grace)
            case .departed:
                close(id, after: nil, deadline: grace)
            case .closing:
                continue
            }
        }
        if members.isEmpty { promise.succeed() }
        return promise.futureResult
    }
}
