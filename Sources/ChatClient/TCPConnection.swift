import Glibc

/// A TCP connection to chatd as a plain blocking socket; the poll loop
/// reads it only when poll(2) says it is readable.
final class TCPConnection {
    enum ReadResult {
        case data([UInt8])
        /// The server closed the connection in order.
        case closed
        case failed(Int32)
    }

    let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Tries each address of `host` in turn, giving each `timeout` seconds.
    static func connect(host: String, port: Int, timeout: Int32 = 10) throws(ClientError) -> TCPConnection {
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

    /// Sends one protocol line. A failure is not reported here: the next
    /// read sees the broken connection and the session handles it there.
    func send(line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
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

    func read() -> ReadResult {
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
                return .failed(errno)
            }
        }
    }
}
