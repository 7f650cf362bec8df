/// Which chatd a scenario starts, and whether its users reach it over TLS.
struct ChatdLaunch: Sendable {
    let executable: String
    let tls: Bool
}
