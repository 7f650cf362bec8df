import Logging
import Systemd

#if canImport(Glibc)
import Glibc
#endif

/// The listening sockets systemd passed, told apart by their
/// `FileDescriptorName=` (their order changes from one start to the next).
struct InheritedSockets {
    static let chatName = "chat"
    static let adminName = "admin"

    /// Taken once, on first use, which `ChatdCommand.main` makes the very first thing chatd does.
    static let fromServiceManager = Result { () throws(SocketActivationError) in
        try SocketActivation.takeListenedSockets()
    }

    var chat: CInt?
    var admin: CInt?

    /// Sorts the passed sockets by name, each checked to be what its name
    /// promises; unknown or duplicate ones are logged and closed.
    init(_ sockets: [ListenedSocket], logger: Logger) throws(InheritedSocketError) {
        for socket in sockets {
            switch socket.name {
            case Self.chatName where chat == nil:
                try socket.check(is: .tcpListener)
                chat = socket.descriptor
            case Self.adminName where admin == nil:
                try socket.check(is: .unixListener)
                admin = socket.descriptor
            default:
                logger.warning(
                    "closing a socket systemd passed that chatd does not use",
                    metadata: ["fd": "\(socket.descriptor)", "fd-name": "\(socket.name)"]
                )
                close(socket.descriptor)
            }
        }
    }
}
