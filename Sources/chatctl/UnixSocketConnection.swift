#if canImport(Glibc)
import Glibc
#endif

/// A blocking connection to a Unix stream socket: chatctl asks one question
/// and exits, so plain POSIX calls are all it needs.
final class UnixSocketConnection {
    /// How long chatd may take to answer before chatctl gives up.
    static let answerTimeoutSeconds = 30
    /// A bigger answer than this is not chatd's (10 000 users list in under 2 MiB).
    static let maximumAnswerBytes = 64 << 20

    private let descriptor: Int32
    private let path: String

    init(path: String) throws(ChatctlError) {
        self.path = path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .notRunning(path: path, detail: "the path is too long for a Unix socket")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .notRunning(path: path, detail: Self.describe(errno)) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let failure = errno
            close(descriptor)
            switch failure {
            case EACCES, EPERM: throw .permissionDenied(path: path, detail: nil)
            case ENOENT, ECONNREFUSED: throw .notRunning(path: path, detail: nil)
            default: throw .notRunning(path: path, detail: Self.describe(failure))
            }
        }
        var timeout = timeval(tv_sec: Self.answerTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends everything it can. A failure here is not reported: chatd may
    /// have refused the connection and hung up already, and its refusal
    /// is still waiting to be read.
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// One line without its LF.
    func readLine() throws(ChatctlError) -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count < 0 {
                switch errno {
                case EINTR: continue
                case EAGAIN: throw .notRunning(path: path, detail: "chatd did not answer within \(Self.answerTimeoutSeconds) seconds")
                case ECONNRESET where received.isEmpty: throw .badAnswer("chatd on \(path) closed the connection without answering")
                default: throw .badAnswer("reading chatd's answer: \(Self.describe(errno))")
                }
            }
            guard count > 0 else { throw .badAnswer("chatd on \(path) closed the connection without answering") }
            if let newline = chunk[..<count].firstIndex(of: UInt8(ascii: "\n")) {
                received.append(contentsOf: chunk[..<newline])
                return received
            }
            received.append(contentsOf: chunk[..<count])
            guard received.count <= Self.maximumAnswerBytes else {
                throw .badAnswer("chatd's answer is over \(Self.maximumAnswerBytes) bytes")
            }
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
