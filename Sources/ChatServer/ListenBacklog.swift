#if canImport(Glibc)
import Glibc
#endif

/// The accept queue length a listening TCP socket was given. NIO listens
/// again with its own backlog (128) when it adopts a socket, which would undo
/// systemd's `Backlog=`; chatd reads the length first and restores it.
enum ListenBacklog {
    /// For a listening TCP socket the kernel reports its backlog in
    /// `tcpi_sacked` (what `ss -l` shows as Send-Q); nil for other sockets.
    static func current(of descriptor: CInt) -> CInt? {
        var info = tcp_info()
        var length = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(descriptor, CInt(IPPROTO_TCP), TCP_INFO, &info, &length) == 0, info.tcpi_state == 10 /* TCP_LISTEN */ else {
            return nil
        }
        return CInt(clamping: info.tcpi_sacked)
    }

    static func restore(_ backlog: CInt, on descriptor: CInt) {
        _ = listen(descriptor, backlog)
    }
}
