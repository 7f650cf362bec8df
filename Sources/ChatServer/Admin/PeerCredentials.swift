#if canImport(Glibc)
import Glibc
#endif

/// Who is at the other end of an admin connection, as the kernel recorded
/// it at connect time: it cannot be forged by the peer, unlike anything it sends.
struct PeerCredentials: Equatable, Sendable {
    var pid: pid_t
    var uid: uid_t
    var gid: gid_t
    /// Supplementary groups (SO_PEERGROUPS).
    var groups: [gid_t]

    init(pid: pid_t, uid: uid_t, gid: gid_t, groups: [gid_t]) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Reads SO_PEERCRED and SO_PEERGROUPS from a connected Unix socket.
    init(socket descriptor: CInt) throws(PeerCredentialsError) {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit words
        // (Swift's Glibc module hides the struct behind _GNU_SOURCE).
        var words = [UInt32](repeating: 0, count: 3)
        var length = socklen_t(MemoryLayout<UInt32>.size * words.count)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &words, &length) == 0 else {
            throw PeerCredentialsError(option: "SO_PEERCRED", errno: errno)
        }
        pid = pid_t(bitPattern: words[0])
        uid = words[1]
        gid = words[2]
        groups = try Self.groups(of: descriptor)
    }

    /// Asks for the size first: the kernel answers ERANGE with the length it needs.
    private static func groups(of descriptor: CInt) throws(PeerCredentialsError) -> [gid_t] {
        var length = socklen_t(0)
        if getsockopt(descriptor, SOL_SOCKET, SO_PEERGROUPS, nil, &length) == 0 { return [] }
        guard errno == ERANGE else { throw PeerCredentialsError(option: "SO_PEERGROUPS", errno: errno) }
        var groups = [gid_t](repeating: 0, count: Int(length) / MemoryLayout<gid_t>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERGROUPS, &groups, &length) == 0 else {
            throw PeerCredentialsError(option: "SO_PEERGROUPS", errno: errno)
        }
        return Array(groups.prefix(Int(length) / MemoryLayout<gid_t>.size))
    }
}
