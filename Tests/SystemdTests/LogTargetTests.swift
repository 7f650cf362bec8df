import Glibc
import Testing
import TestSupport

@testable import Systemd

extension ProcessEnvironmentTests {
    @Suite struct LogTargetTests {
        @Test func autoIsJournalWhenStderrIsTheJournalStream() throws {
            let (device, inode) = try stderrIdentity()
            withEnvironment(["JOURNAL_STREAM": "\(device):\(inode)"]) {
                #expect(LogTarget.auto.resolved() == .journal)
            }
        }

        @Test func autoIsStderrWhenJournalStreamIsAnotherFile() throws {
            let (device, inode) = try stderrIdentity()
            withEnvironment(["JOURNAL_STREAM": "\(device):\(inode + 1)"]) {
                #expect(LogTarget.auto.resolved() == .stderr)
            }
        }

        @Test(arguments: [nil, "", "12345", "a:b", "1:2:3"] as [String?])
        func autoIsStderrWithoutUsableJournalStream(value: String?) {
            withEnvironment(["JOURNAL_STREAM": value]) {
                #expect(LogTarget.auto.resolved() == .stderr)
            }
        }

        @Test func explicitTargetsStayAsChosen() throws {
            let (device, inode) = try stderrIdentity()
            withEnvironment(["JOURNAL_STREAM": "\(device):\(inode)"]) {
                #expect(LogTarget.stderr.resolved() == .stderr)
            }
            withEnvironment(["JOURNAL_STREAM": nil]) {
                #expect(LogTarget.journal.resolved() == .journal)
            }
        }

        private func stderrIdentity() throws(TestFailure) -> (UInt64, UInt64) {
            var info = stat()
            guard fstat(STDERR_FILENO, &info) == 0 else { throw TestFailure("fstat stderr failed: \(String(cString: strerror(errno)))") }
            return (UInt64(info.st_dev), UInt64(info.st_ino))
        }
    }
}
