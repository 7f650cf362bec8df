import AdminProtocol
import Foundation
import Testing

@testable import chatctl

@Suite struct UserTableTests {
    private let utc = TimeZone(identifier: "UTC") ?? .current

    @Test func columnsAreAlignedTextLeftNumbersRight() {
        let users = [
            UserInfo(alias: "alice", peer: "127.0.0.1:40000", transport: .tcp, connectedAt: 1_700_000_000, idleSeconds: 5, messagesSent: 12, queuedBytes: 0),
            UserInfo(alias: "Bartholomew", peer: "[::1]:5", transport: .tls, connectedAt: 1_700_003_600, idleSeconds: 7500, messagesSent: 3, queuedBytes: 1_048_576),
        ]
        let expected = """
            ALIAS        PEER             VIA  CONNECTED             IDLE  SENT   QUEUED
            alice        127.0.0.1:40000  tcp  2023-11-14 22:13:20     5s    12        0
            Bartholomew  [::1]:5          tls  2023-11-14 23:13:20  2h05m     3  1048576

            """
        #expect(UserTable.render(users, timeZone: utc) == expected)
    }

    @Test func connectedTimeFollowsTheTimeZone() throws {
        let user = UserInfo(alias: "a", peer: "p", transport: .tcp, connectedAt: 0, idleSeconds: 0, messagesSent: 0, queuedBytes: 0)
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(UserTable.render([user], timeZone: berlin).contains("1970-01-01 01:00:00"))
    }

    @Test func emptyListIsASentence() {
        #expect(UserTable.render([], timeZone: utc) == "no users online\n")
    }
}
