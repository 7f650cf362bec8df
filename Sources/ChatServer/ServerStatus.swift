/// A snapshot for the service manager's status line and the watchdog.
public struct ServerStatus: Sendable, Equatable {
    public var usersOnline: Int
    public var usersPeak: Int
    public var connections: Int
    public var messagesRelayed: Int

    /// One line in the style of ngIRCd's, for `systemctl status chatd`.
    public var summary: String {
        "\(usersOnline) users online (\(connections) connections), peak \(usersPeak), \(messagesRelayed) messages relayed"
    }
}
