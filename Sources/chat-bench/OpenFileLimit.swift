#if canImport(Glibc)
import Glibc
#endif

/// Every simulated client is a file descriptor: the generator raises its soft
/// limit to the hard limit, as chatd does for itself, before connecting thousands.
enum OpenFileLimit {
    /// Raises the limit and checks that `clients` connections fit, with room for the rest.
    static func makeRoom(for clients: Int) throws(BenchError) {
        let limit = raiseToHardLimit()
        guard limit >= clients + 64 else {
            throw BenchError("\(clients) clients need about \(clients + 64) open files, but the limit is \(limit); raise the hard limit (ulimit -Hn)")
        }
    }

    /// Returns the soft limit now in force.
    private static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return Int(clamping: raised.rlim_cur) }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
