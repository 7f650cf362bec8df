import Glibc
import Testing
import TestSupport

@testable import Systemd

extension ProcessEnvironmentTests {
    @Suite struct ServiceNotifierTests {
        @Test func inactiveWithoutNotifySocket() {
            withEnvironment(["NOTIFY_SOCKET": nil]) {
                #expect(!ServiceNotifier().isActive)
            }
        }

        @Test func ready() throws {
            let listener = try NotifyListener()
            let message = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                let notifier = ServiceNotifier()
                #expect(notifier.isActive)
                notifier.ready(status: "serving 0 users")
                return try listener.receive()
            }
            #expect(message == "READY=1\nSTATUS=serving 0 users")
        }

        @Test func status() throws {
            let listener = try NotifyListener()
            let message = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                ServiceNotifier().status("serving 3 users")
                return try listener.receive()
            }
            #expect(message == "STATUS=serving 3 users")
        }

        @Test func statusCannotInjectAssignments() throws {
            let listener = try NotifyListener()
            let message = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                ServiceNotifier().status("bad\nREADY=1\r\nx")
                return try listener.receive()
            }
            #expect(message == "STATUS=bad READY=1 x")
        }

        @Test func reloadingCarriesMonotonicTimestamp() throws {
            let listener = try NotifyListener()
            let (before, message, after) = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                let before = monotonicMicroseconds()
                ServiceNotifier().reloading(status: "reloading configuration")
                let after = monotonicMicroseconds()
                return (before, try listener.receive(), after)
            }
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            try #require(lines.count == 3)
            #expect(lines[0] == "RELOADING=1")
            #expect(lines[2] == "STATUS=reloading configuration")
            let timestamp = try #require(lines[1].split(separator: "=").last.flatMap { Int64($0) })
            #expect(lines[1].hasPrefix("MONOTONIC_USEC="))
            #expect((before...after).contains(timestamp))
        }

        @Test func stopping() throws {
            let listener = try NotifyListener()
            let message = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                ServiceNotifier().stopping(status: "shutting down")
                return try listener.receive()
            }
            #expect(message == "STOPPING=1\nSTATUS=shutting down")
        }

        @Test func watchdog() throws {
            let listener = try NotifyListener()
            let message = try withEnvironment(["NOTIFY_SOCKET": listener.path]) {
                ServiceNotifier().watchdog()
                return try listener.receive()
            }
            #expect(message == "WATCHDOG=1")
        }

        @Test func watchdogTimeoutForThisProcess() {
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"]) {
                #expect(ServiceNotifier.watchdogTimeout() == .seconds(30))
            }
        }

        @Test func watchdogTimeoutWithoutPid() {
            withEnvironment(["WATCHDOG_USEC": "1500000", "WATCHDOG_PID": nil]) {
                #expect(ServiceNotifier.watchdogTimeout() == .milliseconds(1500))
            }
        }

        @Test func watchdogOffWhenUnset() {
            withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
                #expect(ServiceNotifier.watchdogTimeout() == nil)
            }
        }

        @Test func watchdogOffWhenMeantForAnotherProcess() {
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getppid())"]) {
                #expect(ServiceNotifier.watchdogTimeout() == nil)
            }
        }

        private func monotonicMicroseconds() -> Int64 {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
        }
    }
}
