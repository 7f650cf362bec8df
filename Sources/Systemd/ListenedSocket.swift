import CSystemd
import Glibc

/// One socket systemd passed in, with its FileDescriptorName=, so chatd can tell
/// the chat listener from the admin listener without probing socket types.
public struct ListenedSocket: Sendable, Equatable {
    /// What a name promises the socket is.
    public enum Kind: Sendable {
        /// A listening TCP socket, IPv4 or IPv6 (`ListenStream=55555`).
        case tcpListener
        /// A listening AF_UNIX stream socket (`ListenStream=/run/...`).
        case unixListener

        var wording: String {
            switch self {
            case .tcpListener: "a listening TCP stream socket (ListenStream= with a port)"
            case .unixListener: "a listening AF_UNIX stream socket (ListenStream= with a path)"
            }
        }
    }

    public let descriptor: CInt
    public let name: String

    public init(descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Throws unless the socket is what its name promises (sd_is_socket(3)),
    /// so that a mistyped unit fails at start instead of being served wrongly.
    public func check(is kind: Kind) throws(InheritedSocketError) {
        let verdict = switch kind {
        case .tcpListener: sd_is_socket_inet(descriptor, AF_UNSPEC, CInt(SOCK_STREAM.rawValue), 1, 0)
        case .unixListener: sd_is_socket_unix(descriptor, CInt(SOCK_STREAM.rawValue), 1, nil, 0)
        }
        guard verdict <= 0 else { return }
        let detail = verdict < 0 ? String(cString: strerror(-verdict)) : "it is \(description(of: descriptor))"
        throw InheritedSocketError(
            "the socket systemd passed as '\(name)' (fd \(descriptor)) must be \(kind.wording), but \(detail); check FileDescriptorName= and ListenStream= in the .socket unit"
        )
    }

    /// A connected stream socket: a connection kept in the fd store.
    public var isStreamConnection: Bool {
        sd_is_socket(descriptor, AF_UNSPEC, CInt(SOCK_STREAM.rawValue), 0) > 0
    }

    private func description(of descriptor: CInt) -> String {
        func option(_ name: CInt) -> CInt? {
            var value: CInt = 0
            var length = socklen_t(MemoryLayout<CInt>.size)
            return getsockopt(descriptor, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
        }
        guard let family = option(SO_DOMAIN), let type = option(SO_TYPE) else { return "not a socket" }
        let families: [CInt: String] = [AF_INET: "AF_INET", AF_INET6: "AF_INET6", AF_UNIX: "AF_UNIX"]
        let types: [CInt: String] = [
            CInt(SOCK_STREAM.rawValue): "stream", CInt(SOCK_DGRAM.rawValue): "datagram", CInt(SOCK_SEQPACKET.rawValue): "seqpacket",
        ]
        let listening = option(SO_ACCEPTCONN) == 1 ? "listening" : "not listening"
        return "a \(families[family] ?? "family \(family)") \(types[type] ?? "type \(type)") socket, \(listening)"
    }
}

/// A socket systemd passed is not what its name says; chatd does not start (exit 78).
public struct InheritedSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
