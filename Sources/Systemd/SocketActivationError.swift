import Glibc

/// The LISTEN_* variables claimed this process but could not be honoured,
/// e.g. LISTEN_FDNAMES lists a different number of names than LISTEN_FDS.
/// Reported instead of falling back to binding our own sockets, which would
/// only fail later with a confusing "address already in use".
public struct SocketActivationError: Error, Equatable, CustomStringConvertible {
    /// The errno value libsystemd reported.
    public let code: CInt

    public init(code: CInt) {
        self.code = code
    }

    public var description: String {
        "cannot adopt the sockets systemd passed (LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES): \(String(cString: strerror(code)))"
    }
}
