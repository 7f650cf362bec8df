import Dispatch
import Glibc

/// Turns signals into bytes on a pipe the poll loop watches. The signals
/// are blocked in every thread and taken with sigwait(2) on a thread of
/// their own, so no code runs in signal-handler context and nothing is
/// shared but the pipe.
final class SignalForwarder {
    let readFD: Int32

    /// Must be called before the process starts other threads, so they
    /// inherit the blocked mask.
    init(signals: [Int32]) throws(ClientError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw .system(operation: "pipe", errno: errno)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        readFD = fds[0]
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals {
            sigaddset(&set, signal)
        }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let writer = fds[1]
        DispatchQueue(label: "chat.signals").async {
            var waitSet = sigset_t()
            sigemptyset(&waitSet)
            for signal in signals {
                sigaddset(&waitSet, signal)
            }
            while true {
                var received: Int32 = 0
                guard sigwait(&waitSet, &received) == 0 else { continue }
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(writer, &byte, 1)
            }
        }
    }

    /// The signals that arrived since the last call.
    func drain() -> [Int32] {
        var bytes = [UInt8](repeating: 0, count: 64)
        var received: [Int32] = []
        while true {
            let count = bytes.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            guard count > 0 else { return received }
            received += bytes[..<count].map { Int32($0) }
        }
    }

    /// Ends the process the way `signal` would have, after the terminal has
    /// been restored, so the parent sees the real cause.
    func terminate(by signal: Int32) -> Never {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        Glibc.signal(signal, SIG_DFL)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        exit(128 + signal)
    }
}
