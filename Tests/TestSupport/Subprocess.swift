import Foundation
import Glibc

/// A child process started with posix_spawn and reaped with waitpid.
/// Foundation's `Process` learns of exits through a SIGCHLD dispatch
/// source that can miss them on Linux, which hangs `waitUntilExit`; this
/// does not depend on signal delivery at all, and gives the child a clean
/// signal mask.
public final class Subprocess: @unchecked Sendable {
    public let pid: pid_t
    private var inputFD: Int32 = -1
    private var outputFD: Int32 = -1
    private var errorFD: Int32 = -1
    public private(set) var output: [UInt8] = []
    public private(set) var errors: [UInt8] = []
    private var status: Int32?

    /// - Parameter pipes: give the child pipes for standard input, output
    ///   and error; otherwise they are /dev/null.
    public init(_ path: String, _ arguments: [String], environment: [String: String] = [:], pipes: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = []
        if pipes {
            for (index, target) in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO].enumerated() {
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw TestFailure("pipe: \(String(cString: strerror(errno)))") }
                let (parent, child) = index == 0 ? (fds[1], fds[0]) : (fds[0], fds[1])
                _ = fcntl(parent, F_SETFD, FD_CLOEXEC)
                posix_spawn_file_actions_adddup2(&actions, child, target)
                posix_spawn_file_actions_addclose(&actions, child)
                childEnds.append(child)
                switch index {
                case 0: inputFD = parent
                case 1: outputFD = parent
                default: errorFD = parent
                }
            }
            _ = fcntl(outputFD, F_SETFL, O_NONBLOCK)
            _ = fcntl(errorFD, F_SETFL, O_NONBLOCK)
        } else {
            for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
            }
        }
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = Self.cleanSignalAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        childEnds.forEach { close($0) }
        guard result == 0 else { throw TestFailure("cannot start \(path): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// Test threads run with most signals blocked; a child must not inherit
    /// that, or tmux and the shells in its panes cannot be stopped or
    /// reaped normally.
    private static func cleanSignalAttributes() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        for fd in [inputFD, outputFD, errorFD] where fd >= 0 {
            close(fd)
        }
    }

    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(inputFD, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }

    public func closeInput() {
        close(inputFD)
        inputFD = -1
    }

    /// Waits for the exit while collecting output, and returns the status
    /// as a shell reports it (128 + N when killed by signal N).
    public func wait(timeout: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while status == nil {
            collect()
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
            } else if Date() >= deadline {
                throw TestFailure("process \(pid) did not exit within \(timeout)s")
            } else {
                usleep(10_000)
            }
        }
        collect()
        return status ?? -1
    }

    /// Runs to the end with no input; output and errors as text.
    public static func run(_ path: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String, errors: String) {
        let process = try Subprocess(path, arguments, pipes: true)
        process.closeInput()
        let status = try process.wait(timeout: timeout)
        return (status, String(decoding: process.output, as: UTF8.self), String(decoding: process.errors, as: UTF8.self))
    }

    /// Reads what the process wrote so far, without waiting for its exit.
    public func collectAvailable() {
        collect()
    }

    private func collect() {
        output += drain(outputFD)
        errors += drain(errorFD)
    }

    private func drain(_ fd: Int32) -> [UInt8] {
        guard fd >= 0 else { return [] }
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return collected }
            collected += buffer[..<count]
        }
    }
}
