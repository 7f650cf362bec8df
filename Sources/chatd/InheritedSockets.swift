import Logging
import Systemd

#if canImport(Glibc)
import Glibc
#endif

/// The listening sockets systemd passed, told apart by their
/// `FileDescriptorName=` (their order changes from one start to the next).
struct InheritedSockets {
    static let chatName = "chat"
    static let chatTLSName = "chat-tls"
    static let adminName = "admin"

    /// Taken once, on first use, which `ChatdCommand.main` makes the very first thing chatd does.
    static let fromServiceManager = Result { () throws(SocketActivationError) in
        try SocketActivation.takeListenedSockets()
    }

    var chat: CInt?
    var chatTLS: CInt?
    var admin: CInt?

    /// Once systemd passes a chat socket, it alone decides where chat is served.
    var hasChatListener: Bool { chat != nil || chatTLS != nil }

    /// Sorts the passed sockets by name, each checked to be what its name
    /// promises; unknown or duplicate ones are logged and closed.
    init(_ sockets: [ListenedSocket], logger: Logger) throws(InheritedSocketError) {
        for socket in sockets {
            switch socket.name {
            case Self.chatName where chat == nil:
                try socket.check(is: .tcpListener)
                chat = socket.descriptor
            case Self.chatTLSName where chatTLS == nil:
                try socket.check(is: .tcpListener)
                chatTLS = socket.descriptor
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
