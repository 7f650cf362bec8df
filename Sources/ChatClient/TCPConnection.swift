import Glibc

/// A TCP connection to chatd as a plain blocking socket; the poll loop
/// reads it only when poll(2) says it is readable.
public final class TCPConnection: ServerConnection {
    public let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Tries each address of `host` in turn, giving each `timeout` seconds.
    public static func connect(host: String, port: Int, timeout: Int32 = 10) throws(ClientError) -> TCPConnection {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = ECONNREFUSED
        var entry = list
        while let address = entry?.pointee {
            entry = address.ai_next
            let fd = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            let result = connect(fd: fd, to: address, timeout: timeout)
            if result == 0 {
                return TCPConnection(fd: fd)
            }
            lastError = result
            close(fd)
        }
        throw .cannotConnect(host: host, port: port, reason: String(cString: strerror(lastError)))
    }

    /// Connects without blocking longer than `timeout`; returns 0 or an errno.
    private static func connect(fd: Int32, to address: addrinfo, timeout: Int32) -> Int32 {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { return errno }
            var pending = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat {
                ready = poll(&pending, 1, timeout * 1000)
            } while ready < 0 && errno == EINTR
            guard ready > 0 else { return ready == 0 ? ETIMEDOUT : errno }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return errno }
            guard error == 0 else { return error }
        }
        _ = fcntl(fd, F_SETFL, flags)
        return 0
    }

    /// The server's numeric address and port, as connected to.
    public var peerAddress: (host: String, port: Int)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let found = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                getpeername(fd, address, &length) == 0
                    && getnameinfo(address, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV) == 0
            }
        }
        let text = { (characters: [CChar]) in String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        guard found, let port = Int(text(service)) else { return nil }
        return (text(host), port)
    }

    public func send(line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        send(bytes)
    }

    /// Writes all of `bytes` (blocking); stops silently on a broken connection.
    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    public func read() -> ServerRead {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                return .data(Array(buffer[..<count]))
            }
            if count == 0 {
                return .closed
            }
            if errno != EINTR {
                return .failed(reason: String(cString: strerror(errno)))
            }
        }
    }
}
