import ChatCore
import NIOHTTP1

/// Who may open a chat WebSocket, and who they are. A browser sends the
/// page's origin with every WebSocket it opens: only the page's own
/// (`http://` or `https://` and the `Host` it asked for) and those in
/// `web-allowed-origins` may join, so that another site cannot make its
/// visitors' browsers chat here. `X-Forwarded-For` names the client only when
/// the connection comes from one of `web-trusted-proxies`.
struct WebAccessPolicy: Sendable {
    static let subprotocol = "text.chatd"

    let allowedOrigins: [String]
    let trustedProxies: [AddressRange]

    init(settings: ServerSettings) {
        allowedOrigins = settings.webAllowedOrigins
        trustedProxies = settings.webTrustedProxies
    }

    enum Verdict: Equatable {
        /// With the subprotocol to answer, if the client asked for it.
        case accept(subprotocol: String?)
        case refuse(String)
    }

    func judge(_ head: HTTPRequestHead) -> Verdict {
        guard let origin = head.headers.first(name: "Origin") else { return .refuse("no Origin header") }
        // Scheme and host compare without regard to case (RFC 6454).
        let host = (head.headers.first(name: "Host") ?? "").lowercased()
        let ownOrigins = ["http://\(host)", "https://\(host)"]
        guard ownOrigins.contains(origin.lowercased()) || allowedOrigins.contains(origin) else {
            return .refuse("origin \(origin) is not allowed")
        }
        let offered = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { String($0) }
        guard !offered.isEmpty else { return .accept(subprotocol: nil) }
        guard offered.contains(Self.subprotocol) else {
            return .refuse("no subprotocol chatd speaks was offered (it speaks \(Self.subprotocol))")
        }
        return .accept(subprotocol: Self.subprotocol)
    }

    /// The client's address: the connection's own, or, from a trusted proxy,
    /// the last address in `X-Forwarded-For` that is not a trusted proxy too.
    func client(of head: HTTPRequestHead, connectedFrom address: IPAddress?) -> IPAddress? {
        guard let address, isTrusted(address) else { return address }
        let forwarded = head.headers[canonicalForm: "X-Forwarded-For"].compactMap { IPAddress(String($0)) }
        guard !forwarded.isEmpty else { return address }
        return forwarded.reversed().first { !isTrusted($0) } ?? forwarded.first
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
