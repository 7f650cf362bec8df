import Glibc

/// A real AF_UNIX datagram socket standing in for the service manager's
/// NOTIFY_SOCKET, bound in a fresh temporary directory.
public final class NotifyListener: @unchecked Sendable {
    public let path: String
    private let directory: String
    private let descriptor: CInt

    public init() throws(TestFailure) {
        var template = Array("/tmp/systemd-tests-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: \(String(cString: strerror(errno)))") }
        directory = String(cString: created)
        path = directory + "/notify"
        descriptor = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed: \(String(cString: strerror(errno)))") }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: path.utf8)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw TestFailure("bind \(path) failed: \(String(cString: strerror(errno)))") }

        // Only so a missing datagram fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw TestFailure("setsockopt SO_RCVTIMEO failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The next datagram's payload.
    public func receive() throws(TestFailure) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { throw TestFailure("recv failed: \(String(cString: strerror(errno)))") }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    deinit {
        close(descriptor)
        unlink(path)
        rmdir(directory)
    }
}
