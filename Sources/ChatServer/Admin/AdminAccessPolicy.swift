#if canImport(Glibc)
import Glibc
#endif

/// Who may administer chatd once the socket's file mode has let them connect:
/// root, chatd's own user, or a member of the admin group.
struct AdminAccessPolicy: Sendable {
    let serverUID: uid_t
    let groupName: String
    /// nil when the group does not exist: then nobody qualifies through it.
    let groupID: gid_t?

    init(serverUID: uid_t, groupName: String, groupID: gid_t?) {
        self.serverUID = serverUID
        self.groupName = groupName
        self.groupID = groupID
    }

    /// Resolves the group once at start-up: the lookup may go to the network
    /// (NSS), which must not happen on the event loop for each connection.
    init(groupName: String) {
        self.init(serverUID: geteuid(), groupName: groupName, groupID: Self.lookUpGroup(named: groupName))
    }

    func permits(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == serverUID { return true }
        guard let groupID else { return false }
        return peer.gid == groupID || peer.groups.contains(groupID)
    }

    /// getgrnam_r with a buffer grown until the entry fits.
    static func lookUpGroup(named name: String) -> gid_t? {
        var size = max(1024, sysconf(Int32(_SC_GETGR_R_SIZE_MAX)))
        while size <= 1 << 20 {
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            var buffer = [CChar](repeating: 0, count: size)
            let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
            if status == ERANGE {
                size *= 2
                continue
            }
            return status == 0 ? result?.pointee.gr_gid : nil
        }
        return nil
    }
}
