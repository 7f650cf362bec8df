import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The admin socket's path when chatd creates it (rather than systemd):
/// made ready before binding, restricted after, and removed on exit only if
/// it is still the socket this chatd made.
struct AdminSocketFile: Sendable {
    let path: String
    private let device: UInt64
    private let inode: UInt64

    /// Creates the parent directory if missing and clears the way to bind:
    /// a stale socket (nobody accepting) is removed; a live one means another
    /// chatd serves there, and then this one must not start.
    static func prepare(_ path: String) throws(AdminSocketError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw AdminSocketError("cannot create \(directory) for the admin socket: \(error.localizedDescription)")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw AdminSocketError("\(path) exists and is not a socket; remove it or choose another --admin-socket")
        }
        switch probe(path) {
        case 0:
            throw AdminSocketError("another chatd is already answering on \(path); stop it first or choose another --admin-socket")
        case ECONNREFUSED:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw AdminSocketError("cannot remove the stale admin socket \(path): \(String(cString: strerror(errno)))")
            }
        case let failure:
            throw AdminSocketError("cannot tell whether a chatd is answering on \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Restricts the freshly bound socket to owner and group (0660) and
    /// remembers which file it is.
    init(claiming path: String) throws(AdminSocketError) {
        guard chmod(path, 0o660) == 0 else {
            throw AdminSocketError("cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw AdminSocketError("the admin socket \(path) vanished after binding: \(String(cString: strerror(errno)))")
        }
        self.path = path
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// Leaves alone a file someone else has put in its place since.
    func remove() {
        var status = stat()
        guard lstat(path, &status) == 0, UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode else { return }
        unlink(path)
    }

    /// 0 when something accepts connections at `path`, else the connect errno.
    /// Non-blocking, so a live chatd with a full backlog (EAGAIN) is not waited for.
    private static func probe(_ path: String) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { return ENAMETOOLONG }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return 0 }
        return errno == EAGAIN || errno == EINPROGRESS ? 0 : errno
    }
}
