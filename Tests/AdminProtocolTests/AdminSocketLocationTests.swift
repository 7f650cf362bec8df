import AdminProtocol
import Testing

@Suite struct AdminSocketLocationTests {
    @Test func serverPrefersSystemdsRuntimeDirectory() {
        let environment = ["RUNTIME_DIRECTORY": "/run/chatd:/run/other", "XDG_RUNTIME_DIR": "/run/user/1000"]
        #expect(AdminSocketLocation.serverDefault(environment: environment, isRoot: false) == "/run/chatd/admin.sock")
    }

    @Test func serverUsesTheSystemPathAsRoot() {
        #expect(AdminSocketLocation.serverDefault(environment: ["XDG_RUNTIME_DIR": "/run/user/0"], isRoot: true) == "/run/chatd/admin.sock")
    }

    @Test func serverUsesTheUsersRuntimeDirectoryOtherwise() {
        #expect(AdminSocketLocation.serverDefault(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], isRoot: false)
            == "/run/user/1000/chatd/admin.sock")
        #expect(AdminSocketLocation.serverDefault(environment: ["XDG_RUNTIME_DIR": ""], isRoot: false) == nil)
        #expect(AdminSocketLocation.serverDefault(environment: [:], isRoot: false) == nil)
    }

    @Test func clientOrder() {
        let user = ["XDG_RUNTIME_DIR": "/run/user/1000"]
        #expect(AdminSocketLocation.clientDefault(environment: user.merging(["CHATD_ADMIN_SOCKET": "/tmp/a.sock"]) { $1 }, fileExists: { _ in true })
            == "/tmp/a.sock")
        #expect(AdminSocketLocation.clientDefault(environment: user, fileExists: { $0 == "/run/chatd/admin.sock" })
            == "/run/chatd/admin.sock")
        #expect(AdminSocketLocation.clientDefault(environment: user, fileExists: { _ in false }) == "/run/user/1000/chatd/admin.sock")
        #expect(AdminSocketLocation.clientDefault(environment: [:], fileExists: { _ in false }) == "/run/chatd/admin.sock")
    }
}
