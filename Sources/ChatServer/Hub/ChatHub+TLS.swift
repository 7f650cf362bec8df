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
                "error": "\(Self.handshakeFailureReason(error))",
                "not-logged-since-last": "\(leftOut)",
            ] + JournalEvent.tlsHandshakeFailed.metadata
        )
    }

    /// swift-nio-ssl's description of the failure, on one line: BoringSSL's
    /// fixed reason codes (WRONG_VERSION_NUMBER, NO_SHARED_CIPHER, ...), never
    /// bytes the peer sent.
    static func handshakeFailureReason(_ error: any Error) -> String {
        String(String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ").prefix(300))
    }
}
