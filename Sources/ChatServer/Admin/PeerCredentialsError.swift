#if canImport(Glibc)
import Glibc
#endif

/// The kernel would not say who the peer is; the connection is refused.
struct PeerCredentialsError: Error, CustomStringConvertible {
    var option: String
    var errno: Int32

    var description: String {
        "cannot read the peer's credentials (\(option)): \(String(cString: strerror(errno)))"
    }
}
