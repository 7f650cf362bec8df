import NIOCore
import NIOTLS

/// Sits right behind the TLS handler and tells the hub how each handshake
/// ended, so that `stats` counts them; the chat handler behind it never
/// needs to know it is on TLS.
final class TLSHandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let hub: ChatHub

    init(hub: ChatHub) {
        self.hub = hub
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if case .some(.handshakeCompleted) = event as? TLSUserEvent {
            hub.tlsHandshakeCompleted()
            // Later errors are the chat connection's, not the handshake's.
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        hub.tlsHandshakeFailed(peer: context.channel.remoteAddress, error: error)
        context.fireErrorCaught(error)
    }
}
