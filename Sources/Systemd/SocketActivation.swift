import CSystemd
import Glibc

/// Adoption of sockets passed by systemd socket activation (sd_listen_fds(3)).
public enum SocketActivation {
    /// Returns the sockets systemd passed, or [] when not socket-activated.
    ///
    /// Must run first thing in main, before any thread starts: it reads and
    /// unsets LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES (so children do not
    /// inherit them), and libsystemd sets FD_CLOEXEC on every passed descriptor.
    public static func takeListenedSockets() throws(SocketActivationError) -> [ListenedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        defer { freeNames(names) }
        guard count >= 0 else { throw SocketActivationError(code: -count) }
        return sockets(names: (0..<Int(count)).map { index in
            // libsystemd fills every entry; "unknown" is its own name for an unnamed descriptor.
            names?[index].map { String(cString: $0) } ?? "unknown"
        })
    }

    /// Pairs names with descriptors: systemd passes them in order from fd 3 (SD_LISTEN_FDS_START).
    static func sockets(names: [String]) -> [ListenedSocket] {
        names.enumerated().map { index, name in
            ListenedSocket(descriptor: SD_LISTEN_FDS_START + CInt(index), name: name)
        }
    }

    /// Frees the NULL-terminated array libsystemd allocated, as its man page requires.
    private static func freeNames(_ names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let names else { return }
        var index = 0
        while let name = names[index] {
            free(name)
            index += 1
        }
        free(names)
    }
}
