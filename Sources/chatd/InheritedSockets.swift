import ChatServer
import Logging
import Systemd

#if canImport(Glibc)
import Glibc
#endif

/// The sockets systemd passed, told apart by their `FileDescriptorName=` or
/// `FDNAME=` (their order changes from one start to the next): listeners
/// from the socket units, and what the previous chatd kept in the fd store.
struct InheritedSockets {
    static let chatName = "chat"
    static let chatTLSName = "chat-tls"
    static let chatWebName = "chat-web"
    static let adminName = "admin"

    /// Taken once, on first use, which `ChatdCommand.main` makes the very first thing chatd does.
    static let fromServiceManager = Result { () throws(SocketActivationError) in
        try SocketActivation.takeListenedSockets()
    }

    var chat: CInt?
    var chatTLS: CInt?
    var chatWeb: CInt?
    var admin: CInt?
    var inheritance = Inheritance()

    /// Once systemd passes a chat socket, it alone decides where chat is served.
    var hasChatListener: Bool { chat != nil || chatTLS != nil || chatWeb != nil }

    /// Sorts the passed sockets by name, each checked to be what its name
    /// promises. Every connected stream socket besides them is the
    /// restorer's to judge; anything else unknown or duplicate is logged,
    /// dropped from the store and closed.
    init(_ sockets: [ListenedSocket], store: FileDescriptorStore?, logger: Logger) throws(InheritedSocketError) {
        for socket in sockets {
            switch socket.name {
            case Self.chatName where chat == nil:
                try socket.check(is: .tcpListener)
                chat = socket.descriptor
            case Self.chatTLSName where chatTLS == nil:
                try socket.check(is: .tcpListener)
                chatTLS = socket.descriptor
            case Self.chatWebName where chatWeb == nil:
                try socket.check(is: .tcpListener)
                chatWeb = socket.descriptor
            case Self.adminName where admin == nil:
                try socket.check(is: .unixListener)
                admin = socket.descriptor
            case Inheritance.handOverName where inheritance.handOver == nil:
                do {
                    inheritance.handOver = try FileDescriptorStore.contents(of: socket.descriptor, limit: Inheritance.handOverSizeLimit)
                } catch {
                    logger.warning("the previous chatd's hand-over cannot be read: lines it had half read are lost", metadata: ["reason": "\(error)"])
                }
                store?.remove(name: socket.name)
                close(socket.descriptor)
            case Inheritance.stateFileName where inheritance.stateFile == nil:
                // Stays in the store: this chatd writes on in it.
                inheritance.stateFile = socket.descriptor
            case _ where socket.isStreamConnection:
                inheritance.connections.append(KeptDescriptor(descriptor: socket.descriptor, name: socket.name))
            default:
                store?.remove(name: socket.name)
                logger.warning(
                    "closing a socket systemd passed that chatd does not use",
                    metadata: ["fd": "\(socket.descriptor)", "fd-name": "\(socket.name)"]
                )
                close(socket.descriptor)
            }
        }
    }
}
