#if canImport(Glibc)
import Glibc
#endif

/// Every client is a file descriptor: raise the soft limit as far as the hard
/// limit allows (the unit sets `LimitNOFILE=`), so `--max-clients` is reachable.
enum FileDescriptorLimit {
    /// Returns the soft limit now in force.
    static func raiseToHardLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
