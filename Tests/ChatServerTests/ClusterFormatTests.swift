import Foundation
import Testing

@testable import ChatServer

/// What nodes say to each other through PostgreSQL (docs/cluster.md), and
/// how a node reads the `cluster` setting and its password.
@Suite struct ClusterFormatTests {
    static let events: [ClusterEvent] = [
        .joined(alias: "alice", sequence: 42, connectedAt: 1_700_000_000, transport: .tls, peer: "[2001:db8::1]:4242"),
        .left(alias: "bob", reason: "gone fishing, back soon"),
        // The space before a combining mark is part of one Character: words are split among scalars.
        .left(alias: "bob", reason: "\u{035A}marked"), .broadcast(line: "MSG alice \u{0301}x"),
        // A CR before the LF that follows makes one Character of the two: lines are split among scalars.
        .kick(alias: "bob", reason: "ends in CR\r"),
        .broadcast(line: "MSG alice hello there"),
        .direct(to: "carol", line: "DM alice psst"),
        .kick(alias: "mallory", reason: "kicked by an administrator"),
        .banAlias(alias: "mallory", seconds: 3600),
        .banAddress(address: "192.0.2.7", seconds: 60, reason: "flooding"),
        .resynchronised,
        .nodeLost(node: "n2"),
    ]

    @Test(arguments: events)
    func eventsRoundTrip(_ event: ClusterEvent) {
        #expect(ClusterEvent(decoding: event.encoded[...]) == event)
    }

    @Test(arguments: ["", "Q what", "J x 1 tcp 1.2.3.4:5 a", "J 1 2 carrier-pigeon 1.2.3.4:5 a", "J 1 2 tcp", "D carol", "B", "A soon x", "X"])
    func unreadableLinesAreSkipped(_ line: String) {
        #expect(ClusterEvent(decoding: line[...]) == nil)
    }

    @Test func everyKindOfEventSurvivesPackingAndReading() {
        var reader = NotifyPayloadReader()
        let read = NotifyPayloads.pack(Self.events, limit: 7_800).flatMap { reader.read("n1 1\n" + $0)?.events ?? [] }
        #expect(read == Self.events)
    }

    @Test func payloadsStayUnderTheLimitAndKeepOrder() throws {
        let events = (0..<500).map { ClusterEvent.broadcast(line: "MSG alice message number \($0) " + String(repeating: "x", count: $0)) }
        let bodies = NotifyPayloads.pack(events, limit: 7_800)
        #expect(bodies.count > 1)
        #expect(bodies.allSatisfy { $0.utf8.count <= 7_800 })
        var reader = NotifyPayloadReader()
        let read = bodies.flatMap { reader.read("n1 1\n" + $0)?.events ?? [] }
        #expect(read == events)
    }

    @Test func aLineLongerThanAPayloadIsCutAndJoinedAgain() throws {
        // Multi-byte text, so that cuts fall next to scalars of every width.
        let long = ClusterEvent.broadcast(line: "MSG alice " + String(repeating: "é€😀a\u{035A}", count: 20_000))
        let events = [ClusterEvent.broadcast(line: "MSG bob before"), long, .left(alias: "bob", reason: "after")]
        let bodies = NotifyPayloads.pack(events, limit: 7_800)
        #expect(bodies.count > 20)
        #expect(bodies.allSatisfy { $0.utf8.count <= 7_800 })
        var reader = NotifyPayloadReader()
        // Another node's payloads in between do not disturb the pieces.
        var read: [ClusterEvent] = []
        for body in bodies {
            read += reader.read("n1 7\n" + body)?.events ?? []
            #expect(reader.read("n2 9\nB MSG zed interleaved")?.events == [.broadcast(line: "MSG zed interleaved")])
        }
        #expect(read == events)
    }

    @Test func aLongEventBeyondTheBoundIsDroppedWhole() {
        var reader = NotifyPayloadReader()
        let piece = "+" + String(repeating: "a", count: 7_000)
        for _ in 0..<(NotifyPayloadReader.maximumPieceBytes / 7_000 + 2) {
            #expect(reader.read("n1 1\n" + piece)?.events == [])
        }
        #expect(reader.read("n1 2\n=end")?.events == [])
        #expect(reader.read("n1 3\nB MSG a next")?.events == [.broadcast(line: "MSG a next")])
    }

    @Test func conninfoAndURLsAreRead() throws {
        let conninfo = try PostgresEndpoint(parsing: "host=/run/postgresql port=5433 dbname='chat room' user=chatd", defaultUser: "root")
        #expect(conninfo.isUnixSocket)
        #expect(conninfo.host == "/run/postgresql")
        #expect(conninfo.port == 5433)
        #expect(conninfo.database == "chat room")
        #expect(conninfo.user == "chatd")
        let url = try PostgresEndpoint(parsing: "postgresql://chatd@db.example.org:6432/chat?sslmode=verify-full", defaultUser: "root")
        #expect(!url.isUnixSocket)
        #expect(url.host == "db.example.org")
        #expect(url.port == 6432)
        #expect(url.database == "chat")
        #expect(url.sslMode == .verifyFull)
        let defaults = try PostgresEndpoint(parsing: "dbname=chat", defaultUser: "chatd")
        #expect(defaults.host == "/var/run/postgresql" && defaults.port == 5432 && defaults.user == "chatd")
    }

    @Test(arguments: ["host", "port=99999", "sslmode=sometimes", "dbname='open", "frobnicate=1", "postgresql://[::1"])
    func badConninfoIsRefused(_ text: String) {
        #expect(throws: ClusterSetupError.self) { try PostgresEndpoint(parsing: text, defaultUser: "chatd") }
    }

    @Test func thePasswordComesFromTheCredentialFirstThenThePasswordFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-password-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let passFile = directory.appendingPathComponent("pgpass").path
        try """
        # comment
        other.example.org:5432:chat:chatd:wrong
        db.example.org:5432:chat:chatd:se\\:cret
        *:*:*:*:fallback
        """.write(toFile: passFile, atomically: true, encoding: .utf8)
        let endpoint = try PostgresEndpoint(parsing: "host=db.example.org dbname=chat user=chatd", defaultUser: "x")
        #expect(ClusterPassword(credentialsDirectory: nil, passwordFile: passFile).lookUp(for: endpoint) == "se:cret")
        let elsewhere = try PostgresEndpoint(parsing: "host=db2.example.org dbname=chat user=chatd", defaultUser: "x")
        #expect(ClusterPassword(credentialsDirectory: nil, passwordFile: passFile).lookUp(for: elsewhere) == "fallback")
        try "from-credential\n".write(toFile: directory.appendingPathComponent("cluster-password").path, atomically: true, encoding: .utf8)
        #expect(ClusterPassword(credentialsDirectory: directory.path, passwordFile: passFile).lookUp(for: endpoint) == "from-credential")
        #expect(ClusterPassword(credentialsDirectory: nil, passwordFile: nil).lookUp(for: endpoint) == nil)
    }

    @Test(arguments: ["1.2.3.4:5678", "[2001:db8::1]:4242", "unknown"])
    func peersRoundTripThroughTheirDescription(_ text: String) {
        #expect(Peer(described: text, transport: .tcp).description == text)
    }
}
