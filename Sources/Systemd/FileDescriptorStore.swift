import CSystemd
import Glibc

/// systemd's file descriptor store (sd_notify(3) `FDSTORE=1`,
/// systemd.service(5) `FileDescriptorStoreMax=`): descriptors systemd holds
/// for the service while it restarts, or after it crashed, and passes back
/// with `LISTEN_FDS` under the names they were stored with.
///
/// Each call sends one datagram to PID 1 on the notify socket, which blocks
/// while systemd falls behind: call it from a thread of its own, not from an
/// event loop.
public struct FileDescriptorStore: Sendable {
    /// How many descriptors the service may store (`$FDSTORE`).
    public let capacity: Int

    /// The store systemd offers, or nil: no `NOTIFY_SOCKET`, or `$FDSTORE`
    /// unset or 0. systemd 254 and later set `$FDSTORE` from
    /// `FileDescriptorStoreMax=`; for older ones the unit sets it too.
    public static func fromEnvironment() -> FileDescriptorStore? {
        guard getenv("NOTIFY_SOCKET") != nil, let text = getenv("FDSTORE"),
              let capacity = Int(String(cString: text)), capacity > 0
        else { return nil }
        return FileDescriptorStore(capacity: capacity)
    }

    private init(capacity: Int) {
        self.capacity = capacity
    }

    /// Stores `descriptor` under `name` (at most 255 of `[A-Za-z0-9_.-]`);
    /// systemd holds a copy, and the caller may close its own. systemd
    /// ignores a descriptor it already holds, whatever the name: rename by
    /// `remove` first. `FDPOLL=0`: systemd must not drop a socket whose peer
    /// hung up while the service was down, or the next one could not tell
    /// that it left.
    public func store(_ descriptor: CInt, name: String) {
        var fds = [descriptor]
        _ = sd_pid_notify_with_fds(0, 0, "FDSTORE=1\nFDPOLL=0\nFDNAME=\(name)", &fds, 1)
    }

    /// Drops every stored descriptor named `name`.
    public func remove(name: String) {
        _ = sd_pid_notify(0, 0, "FDSTOREREMOVE=1\nFDNAME=\(name)")
    }

    /// Stores `contents` as a memory file under `name`.
    public func store(contents: [UInt8], name: String) throws(FileDescriptorStoreError) {
        let file = try Self.memoryFile(name: name, size: 0)
        defer { close(file) }
        var written = 0
        while written < contents.count {
            let result = contents.withUnsafeBytes { bytes in
                bytes.baseAddress.map { write(file, $0 + written, bytes.count - written) } ?? 0
            }
            guard result > 0 else {
                if result < 0, errno == EINTR { continue }
                throw FileDescriptorStoreError(operation: "write", errno: errno)
            }
            written += result
        }
        store(file, name: name)
    }

    /// A new memory file of `size` zero bytes, not yet stored.
    public static func memoryFile(name: String, size: Int) throws(FileDescriptorStoreError) -> CInt {
        let file = chatd_memfd_create(name)
        guard file >= 0 else { throw FileDescriptorStoreError(operation: "memfd_create", errno: errno) }
        guard ftruncate(file, off_t(size)) == 0 else {
            let error = FileDescriptorStoreError(operation: "ftruncate", errno: errno)
            close(file)
            throw error
        }
        return file
    }

    /// What a stored memory file holds, read from its start; at most
    /// `limit` bytes, so that a foreign file cannot take chatd's memory.
    public static func contents(of descriptor: CInt, limit: Int) throws(FileDescriptorStoreError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while contents.count < limit {
            let result = chunk.withUnsafeMutableBytes { bytes in
                pread(descriptor, bytes.baseAddress, min(bytes.count, limit - contents.count), off_t(contents.count))
            }
            if result < 0, errno == EINTR { continue }
            guard result >= 0 else { throw FileDescriptorStoreError(operation: "read", errno: errno) }
            if result == 0 { break }
            contents.append(contentsOf: chunk[..<result])
        }
        return contents
    }
}

/// A memory file for the store could not be made.
public struct FileDescriptorStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(operation: String, errno code: CInt) {
        description = "\(operation) failed: \(String(cString: strerror(code)))"
    }
}
