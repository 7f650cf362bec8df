import ChatProtocol
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking TCP client speaking chatd's line protocol, as `nc` would:
/// what a test sends and reads is exactly what crosses the socket.
public final class LineClient: @unchecked Sendable {
    public let descriptor: Int32
    private var pending: [UInt8] = []
    /// Start of the unread part of `pending`; compacted lazily to keep reads linear.
    private var pendingStart = 0

    public init(port: Int, host: String = "127.0.0.1") throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        descriptor = try Self.connected(AF_INET, to: address, named: "\(host):\(port)")
    }

    /// Connects to a Unix stream socket instead (chatd's admin socket).
    public init(unixSocketPath path: String) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw TestFailure("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        descriptor = try Self.connected(AF_UNIX, to: address, named: path)
    }

    /// A stream socket of `family` connected to `address`, or why not.
    private static func connected<Address>(_ family: Int32, to address: Address, named name: String) throws -> Int32 {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        var address = address
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw TestFailure("connect to \(name): \(reason)")
        }
        return descriptor
    }

    /// Connects, answers `NICK` with `alias`, and waits for `WELCOME`.
    public static func loggedIn(as alias: String, port: Int) throws -> LineClient {
        let client = try LineClient(port: port)
        try client.expect(prefix: ServerLine.Word.nick.rawValue)
        client.send(alias)
        try client.expect(prefix: "\(ServerLine.Word.welcome.rawValue) \(alias) ")
        return client
    }

    deinit {
        Glibc.close(descriptor)
    }

    public func send(_ line: String) {
        sendRaw(Array((line + "\n").utf8))
    }

    public func sendRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Closes with a TCP reset instead of an orderly FIN, as a crashed peer would.
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Half-closes: chatd sees end of input but can still answer.
    public func shutdownWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// The next line without its LF; throws on timeout or when the server closed.
    public func readLine(timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = pending[pendingStart...].firstIndex(of: 10) {
                let line = String(decoding: pending[pendingStart..<newline], as: UTF8.self)
                pendingStart = newline + 1
                if pendingStart == pending.count {
                    pending.removeAll(keepingCapacity: true)
                    pendingStart = 0
                }
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestFailure("no complete line within \(timeout)s (have: \(String(decoding: pending[pendingStart...], as: UTF8.self)))") }
            guard try fill(timeout: remaining) else {
                throw TestFailure("connection closed by chatd (have: \(String(decoding: pending[pendingStart...], as: UTF8.self)))")
            }
        }
    }

    /// Reads lines until one starts with `prefix`, returning it; the lines
    /// before it are returned in `skipped`.
    @discardableResult
    public func expect(prefix: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        while true {
            let line: String
            do {
                line = try readLine(timeout: max(0.01, deadline.timeIntervalSinceNow))
            } catch {
                throw TestFailure("expected a line starting with '\(prefix)', saw \(seen): \(error)")
            }
            if line.hasPrefix(prefix) { return line }
            seen.append(line)
        }
    }

    /// Exactly `count` bytes, from what is buffered first; throws on timeout or end of stream.
    public func readBytes(_ count: Int, timeout: Double = 10) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while pending.count - pendingStart < count {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestFailure("\(count) bytes did not arrive within \(timeout)s") }
            guard try fill(timeout: remaining) else { throw TestFailure("connection closed by chatd before \(count) bytes arrived") }
        }
        let bytes = Array(pending[pendingStart..<(pendingStart + count)])
        pendingStart += count
        return bytes
    }

    /// True once chatd has closed the connection (reading whatever is left).
    public func waitForClose(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard let more = try? fill(timeout: deadline.timeIntervalSinceNow) else { return true }
            if !more { return true }
        }
        return false
    }

    /// Lines already received or arriving within `timeout`, without failing.
    public func drain(timeout: Double = 0.3) -> [String] {
        var lines: [String] = []
        while let line = try? readLine(timeout: timeout) { lines.append(line) }
        return lines
    }

    /// Returns false on end of stream.
    private func fill(timeout: Double) throws -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(1, timeout * 1000)))
        guard ready > 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count > 0 {
            if pendingStart > 0 {
                pending.removeSubrange(..<pendingStart)
                pendingStart = 0
            }
            pending.append(contentsOf: chunk[..<count])
            return true
        }
        if count == 0 { return false }
        if errno == EINTR || errno == EAGAIN { return true }
        throw TestFailure("recv: \(String(cString: strerror(errno)))")
    }
}
