import AdminProtocol
import Foundation
import Testing

@Suite struct AdminResponseTests {
    private static let statistics = StatisticsReport(
        uptimeSeconds: 61, usersOnline: 2, usersPeak: 3, connectionsOpen: 4, connectionsAccepted: 5,
        connectionsRefused: 6, tlsConnectionsOpen: 14, tlsHandshakesCompleted: 15, tlsHandshakesFailed: 16, broadcastsRelayed: 7, directMessagesRelayed: 8, noticesSent: 9, kicks: 10,
        errorsSent: 11, disconnectionsByReason: ["quit": 1, "connection lost": 2], bytesIn: 12, bytesOut: 13
    )

    @Test(arguments: [
        (AdminCommand.Name.list, AdminResult.users(UserList(users: [
            UserInfo(alias: "alice", peer: "127.0.0.1:4000", transport: .tcp, connectedAt: 1_700_000_000, idleSeconds: 5, messagesSent: 2, queuedBytes: 0),
            UserInfo(alias: "Bob", peer: "[::1]:4001", transport: .tls, connectedAt: 1_700_000_100, idleSeconds: 0, messagesSent: 0, queuedBytes: 4096),
        ]))),
        (.list, .users(UserList(users: []))),
        (.kick, .kicked(KickOutcome(alias: "Bob", peer: "127.0.0.1:4000", reason: "spam", banSeconds: 60, bannedAddress: "127.0.0.1", alsoDisconnected: 2))),
        (.kick, .kicked(KickOutcome(alias: "Bob", peer: "127.0.0.1:4000", reason: "spam"))),
        (.notice, .noticeSent(NoticeOutcome(text: "hello", recipients: 3))),
        (.stats, .statistics(statistics)),
    ])
    func resultsSurviveTheWire(command: AdminCommand.Name, result: AdminResult) throws {
        let line = AdminResponse.success(result).encodedLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(try AdminResponse(parsing: line, for: command) == .success(result))
    }

    @Test func errorsSurviveTheWireWhateverTheCommand() throws {
        let failure = AdminResponse.failure(AdminError(.noSuchUser, "no such user: carol"))
        let line = failure.encodedLine()
        #expect(String(decoding: line, as: UTF8.self)
            == #"{"error":{"code":"no-such-user","message":"no such user: carol"},"ok":false}"# + "\n")
        for command in AdminCommand.Name.allCases {
            #expect(try AdminResponse(parsing: line, for: command) == failure)
        }
    }

    @Test func unknownErrorCodesFromNewerDaemonsStillRead() throws {
        let line = Data(#"{"ok":false,"error":{"code":"rate-limited","message":"slow down"}}"#.utf8)
        #expect(try AdminResponse(parsing: line, for: .list) == .failure(AdminError(AdminErrorCode(rawValue: "rate-limited"), "slow down")))
    }

    @Test func listResultIsTheDocumentedObject() throws {
        let user = UserInfo(alias: "a", peer: "127.0.0.1:1", transport: .tcp, connectedAt: 2, idleSeconds: 3, messagesSent: 4, queuedBytes: 5)
        let line = AdminResponse.success(.users(UserList(users: [user]))).encodedLine()
        #expect(String(decoding: line, as: UTF8.self) == #"{"ok":true,"result":{"users":[{"alias":"a","connectedAt":2,"idleSeconds":3,"messagesSent":4,"peer":"127.0.0.1:1","queuedBytes":5,"transport":"tcp"}]}}"# + "\n")
    }

    @Test(arguments: ["", "garbage", #"{"ok":true}"#, #"{"ok":false}"#, #"{"ok":true,"result":{"users":3}}"#])
    func unreadableAnswersAreReported(json: String) {
        #expect(throws: MalformedResponse.self) {
            try AdminResponse(parsing: Data(json.utf8), for: .list)
        }
    }
}
