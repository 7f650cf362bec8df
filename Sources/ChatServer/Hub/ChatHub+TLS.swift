import NIOCore
import NIOSSL

extension ChatHub {
    func tlsHandshakeCompleted() {
        statistics.tlsHandshakesCompleted += 1
    }

    /// Counted every time, logged as the throttle allows: anyone can fail a handshake.
    func tlsHandshakeFailed(peer: SocketAddress?, error: any Error) {
        statistics.tlsHandshakesFailed += 1
        guard let leftOut = tlsFailureLog.admit(now: eventLoop.now) else { return }
        logger.notice(
            "TLS handshake failed",
            metadata: [
                "peer": "\(peer.map(ChatServer.describe) ?? "unknown")",
                "error": "\(TLSCertificates.explain(error))",
                "not-logged-since-last": "\(leftOut)",
            ] + JournalEvent.tlsHandshakeFailed.metadata
        )
    }
}
