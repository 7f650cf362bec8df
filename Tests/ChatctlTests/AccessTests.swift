import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Who may administer chatd: the socket's mode first, then chatd's own
/// check of the peer's credentials. Needs root to act as another user.
@Suite(.enabled(if: Chatctl.isRoot, "needs root to run chatctl as the unprivileged user nobody (uid 65534) through setpriv"))
struct AccessTests {
    /// Debian's `users` group, present on every system; chatd is told it is the admin group.
    private static let usersGroup: gid_t = 100

    @Test func socketModeKeepsOthersOut() throws {
        let chatd = try ChatdProcess()
        var status = stat()
        #expect(stat(chatd.adminSocketPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660)
        let run = try Chatctl.run(["--socket", chatd.adminSocketPath, "list"], asUser: Chatctl.nobody)
        #expect(run.status == 77)
        #expect(run.errors.contains("permission denied on \(chatd.adminSocketPath)"))
        #expect(run.errors.contains("as root or as a member of the group chatadm"))
    }

    @Test func chatdRefusesAPeerWhoIsNeitherRootNorItsUserNorInTheGroup() throws {
        let chatd = try ChatdProcess()
        // Open the file mode so that the refusal is chatd's own.
        #expect(chmod(chatd.adminSocketPath, 0o666) == 0)
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let run = try Chatctl.run(["--socket", chatd.adminSocketPath, "kick", "alice"], asUser: Chatctl.nobody)
        #expect(run.status == 77)
        #expect(run.errors.contains("uid 65534 is not root, chatd's user, or a member of the group chatadm"))
        #expect(run.errors.contains("run chatctl as root"))
        alice.send("unharmed")
        #expect(try alice.readLine() == "MSG alice unharmed")
        #expect(chatd.log.contains("event=admin-denied"))
        #expect(chatd.log.contains("admin-uid=65534"))
    }

    @Test func aMemberOfTheAdminGroupMayActThroughSupplementaryGroups() throws {
        let chatd = try ChatdProcess(arguments: ["--admin-group", "users"])
        #expect(chmod(chatd.adminSocketPath, 0o666) == 0)
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let member = try Chatctl.run(
            ["--socket", chatd.adminSocketPath, "notice", "from a member"], asUser: Chatctl.nobody, groups: [Self.usersGroup]
        )
        #expect(member.status == 0, "\(member.errors)")
        #expect(try alice.readLine() == "NOTICE from a member")
        let outsider = try Chatctl.run(["--socket", chatd.adminSocketPath, "list"], asUser: Chatctl.nobody)
        #expect(outsider.status == 77)
        #expect(outsider.errors.contains("group users"))
    }
}
