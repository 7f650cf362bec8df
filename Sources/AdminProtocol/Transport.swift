/// How a user reached chatd, as `chatctl list` and `stats` tell them apart.
public enum Transport: String, Codable, Sendable, CaseIterable {
    /// Plain text over TCP.
    case tcp
    case tls
    /// A WebSocket from a browser (the web listener).
    case web
}
