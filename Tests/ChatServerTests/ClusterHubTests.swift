import ChatCore
import NIOCore
import Synchronization
import Testing

@testable import ChatServer

/// The hub as a node of a cluster, on the embedded loop: what it asks of
/// PostgreSQL (recorded instead of sent) and how it plays what the other
/// nodes say. The link itself is tested against a real PostgreSQL
/// (ChatdTests/ClusterTests, the container's cluster check).
@Suite struct ClusterHubTests {
    static let bob = PresenceRow(node: "n2", alias: "bob", sequence: 3, connectedAt: 1_700_000_000, transport: .tcp, peer: "192.0.2.9:4000")

    /// A joined node that already knows bob, on node n2.
    private func joinedChat() -> (EmbeddedChat, RecordingOutbox) {
        let chat = EmbeddedChat()
        let outbox = RecordingOutbox()
        chat.hub.cluster = ClusterMembership(link: outbox)
        chat.hub.clusterJoined(others: [Self.bob], lost: [])
        return (chat, outbox)
    }

    /// Logs `alias` in, granting the claim as PostgreSQL would with `sequence`.
    private func loggedIn(_ alias: String, sequence: UInt64, _ chat: EmbeddedChat, _ outbox: RecordingOutbox) throws -> EmbeddedClient {
        let client = try chat.connect()
        try client.send(alias)
        let claim = try #require(outbox.take().flatMap(\.claims).first)
        chat.hub.clusterClaimed([(id: claim.id, alias: alias, sequence: sequence)])
        chat.loop.run()
        _ = try client.lines()
        _ = outbox.take()
        return client
    }

    @Test func aLoginWaitsForTheClustersAnswerAndKeepsWhatTheUserSentMeanwhile() throws {
        let (chat, outbox) = joinedChat()
        let alice = try chat.connect()
        try alice.send("alice")
        #expect(try alice.lines() == ["NICK choose an alias"])
        let claims = outbox.take().flatMap(\.claims)
        #expect(claims.map(\.alias) == ["alice"])
        try alice.send("hello")
        #expect(try alice.lines() == [])
        let id = try #require(claims.first?.id)
        chat.hub.clusterClaimed([(id: id, alias: "alice", sequence: 7)])
        chat.loop.run()
        #expect(try alice.lines() == ["WELCOME alice 2 users online", "MSG alice hello"])
        let events = outbox.take().flatMap(\.events)
        #expect(events.count == 2)
        #expect(events.first == .joined(alias: "alice", sequence: 7, connectedAt: chat.hub.members[id]?.connectedAt ?? 0, transport: .tcp, peer: "192.0.2.1:40000"))
        #expect(events.last == .broadcast(line: "MSG alice hello"))
        try alice.send("/users")
        #expect(try alice.lines() == ["USERS bob alice"])
    }

    @Test func anAliasAnotherNodeHoldsIsRefusedAndAskedAgain() throws {
        let (chat, outbox) = joinedChat()
        let mallory = try chat.connect()
        try mallory.send("BOB")
        #expect(try mallory.lines() == ["NICK choose an alias", "ERR the alias BOB is taken", "NICK choose another alias"])
        try mallory.send("carol")
        let claim = try #require(outbox.take().flatMap(\.claims).first)
        chat.hub.clusterClaimed([(id: claim.id, alias: "carol", sequence: nil)])
        chat.loop.run()
        #expect(try mallory.lines() == ["ERR the alias carol is taken", "NICK choose another alias"])
    }

    @Test func whatOtherNodesSayReachesLocalUsers() throws {
        let (chat, outbox) = joinedChat()
        let alice = try loggedIn("alice", sequence: 7, chat, outbox)
        chat.hub.clusterReceived([
            .joined(alias: "carol", sequence: 9, connectedAt: 1_700_000_001, transport: .web, peer: "198.51.100.4:5000"),
            .broadcast(line: "MSG carol hi all"),
            .direct(to: "alice", line: "DM carol psst"),
            .direct(to: "bob", line: "DM carol not for this node"),
            .broadcast(line: "NOT A SERVER LINE"),
            .left(alias: "carol", reason: "off to bed"),
        ], from: "n3")
        chat.loop.run()
        #expect(try alice.lines() == ["JOIN carol", "MSG carol hi all", "DM carol psst", "LEAVE carol off to bed"])
        // Nothing a remote user did is sent back out.
        #expect(outbox.take().flatMap(\.events).isEmpty)
    }

    @Test func aDirectMessageToAUserOfAnotherNodeGoesThere() throws {
        let (chat, outbox) = joinedChat()
        let alice = try loggedIn("alice", sequence: 7, chat, outbox)
        try alice.send("/dm bob hi there")
        #expect(try alice.lines() == [])
        #expect(outbox.take().flatMap(\.events) == [.direct(to: "bob", line: "DM alice hi there")])
        let users = chat.hub.users
        #expect(users.map(\.alias) == ["bob", "alice"])
        #expect(users.map(\.node) == ["n2", "n1"])
    }

    @Test func aKickFromAnotherNodeEndsTheLocalUserAndFreesTheAlias() throws {
        let (chat, outbox) = joinedChat()
        let alice = try loggedIn("alice", sequence: 7, chat, outbox)
        chat.hub.clusterReceived([.kick(alias: "alice", reason: "spam")], from: "n2")
        chat.loop.run()
        #expect(try alice.lines() == ["KICKED spam"])
        let batches = outbox.take()
        #expect(batches.flatMap(\.releases) == ["alice"])
        #expect(batches.flatMap(\.events) == [.left(alias: "alice", reason: "spam")])
    }

    @Test func aLostNodesUsersLeave() throws {
        let (chat, outbox) = joinedChat()
        let alice = try loggedIn("alice", sequence: 7, chat, outbox)
        chat.hub.clusterNodeLost("n2")
        chat.loop.run()
        #expect(try alice.lines() == ["LEAVE bob node lost"])
        let newcomer = try chat.connect()
        try newcomer.send("bob")
        #expect(outbox.take().flatMap(\.claims).map(\.alias) == ["bob"])
    }

    @Test func withoutPostgreSQLLocalChatGoesOnAndLoginsWaitUntilItIsBack() throws {
        let (chat, outbox) = joinedChat()
        let alice = try loggedIn("alice", sequence: 7, chat, outbox)
        let dave = try loggedIn("dave", sequence: 8, chat, outbox)
        _ = try alice.lines()
        chat.hub.clusterUnreachable()
        chat.loop.run()
        let told = try alice.lines()
        #expect(told.first == "LEAVE bob node out of reach")
        #expect(told.last?.hasPrefix("NOTICE the other chat nodes are out of reach") == true)
        try dave.send("still here")
        #expect(try alice.lines() == ["MSG dave still here"])
        let erin = try chat.connect()
        try erin.send("erin")
        #expect(try erin.lines().dropFirst().first?.hasPrefix("ERR the other chat nodes are out of reach") == true)
        #expect(outbox.take().flatMap(\.events).isEmpty)

        // Back: bob again, and dave's alias was taken by another node meanwhile.
        chat.hub.clusterJoined(others: [Self.bob], lost: ["dave"])
        chat.loop.run()
        let back = try alice.lines()
        #expect(back.contains("JOIN bob"))
        #expect(back.contains("LEAVE dave connection lost"))
        #expect(back.last?.hasPrefix("NOTICE this node reaches the other chat nodes again") == true)
        #expect(try dave.lines().last?.hasPrefix("NOTICE while this node was out of reach") == true)
    }
}

/// Keeps what the hub submits, for the test to take.
final class RecordingOutbox: ClusterOutbox {
    let nodeName = "n1"
    let clusterName = "tests"
    private let batches = Mutex<[ClusterOutbound]>([])

    var queuedBatches: Int { batches.withLock { $0.count } }

    func submit(_ batch: ClusterOutbound) {
        batches.withLock { $0.append(batch) }
    }

    func take() -> [ClusterOutbound] {
        batches.withLock { taken in
            defer { taken = [] }
            return taken
        }
    }
}
