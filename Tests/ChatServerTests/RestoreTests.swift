import ChatCore
import NIOCore
import NIOEmbedded
import Testing

@testable import ChatServer

/// A connection the previous chatd kept comes back as the member it was.
@Suite struct RestoreTests {
    private func restore(
        _ chat: EmbeddedChat, _ record: ConnectionRecord, slot: Int, input: HandOver.Input? = nil
    ) throws -> EmbeddedClient {
        let channel = EmbeddedChannel(loop: chat.loop)
        let restoring = ClientConnectionHandler.Restoring(record: record, slot: slot, input: input)
        try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(hub: chat.hub, transport: .tcp, restoring: restoring))
        channel.remoteAddress = try SocketAddress(ipAddress: "192.0.2.7", port: 40000 + slot)
        try channel.connect(to: channel.remoteAddress!).wait()
        chat.loop.run()
        return EmbeddedClient(channel: channel, loop: chat.loop)
    }

    @Test func usersComeBackInTheirJoinOrderUnannouncedAndTold() throws {
        let chat = EmbeddedChat()
        let late = try restore(chat, ConnectionRecord(id: ConnectionID(number: 8), connectedAt: 1_000, login: .init(joinSequence: 5, alias: "late")), slot: 0)
        let early = try restore(chat, ConnectionRecord(id: ConnectionID(number: 3), connectedAt: 900, login: .init(joinSequence: 2, alias: "early")), slot: 1)
        #expect(try late.lines() == ["NOTICE chatd was restarted; you are still connected as late"])
        #expect(try early.lines() == ["NOTICE chatd was restarted; you are still connected as early"])
        try late.send("/users")
        #expect(try late.lines() == ["USERS early late"])
        #expect(chat.hub.usersOnline == 2)
        #expect(chat.hub.members[ConnectionID(number: 3)]?.connectedAt == 900)

        // A newcomer joins after both, with a number neither had.
        let newcomer = try chat.loggedIn("new")
        try newcomer.send("/users")
        #expect(try newcomer.lines() == ["USERS early late new"])
        #expect(try late.lines() == ["JOIN new"])
        #expect(chat.hub.members.keys.map(\.number).max() == 9)
    }

    @Test func carriedInputIsHandledFirstAndAHalfLineCompletes() throws {
        let chat = EmbeddedChat()
        let bob = try chat.loggedIn("bob")
        let alice = try restore(
            chat, ConnectionRecord(id: ConnectionID(number: 100), connectedAt: 1, login: .init(joinSequence: 0, alias: "alice")),
            slot: 0, input: .init(bytes: Array("whole line\nhalf a ".utf8), discarding: false)
        )
        #expect(try bob.lines() == ["MSG alice whole line"])
        try alice.send("line")
        #expect(try bob.lines() == ["MSG alice half a line"])
    }

    @Test func aConnectionStillChoosingAnAliasGoesOnChoosing() throws {
        let chat = EmbeddedChat()
        let client = try restore(chat, ConnectionRecord(id: ConnectionID(number: 1), connectedAt: 1, login: nil), slot: 0)
        #expect(try client.lines() == ["NOTICE chatd was restarted; you are still connected; choose an alias"])
        try client.send("carol")
        #expect(try client.lines() == ["WELCOME carol you are the only user online"])
    }

    @Test func anAliasTakenAlreadyClosesOnlyThatConnection() throws {
        let chat = EmbeddedChat()
        let first = try restore(chat, ConnectionRecord(id: ConnectionID(number: 1), connectedAt: 1, login: .init(joinSequence: 0, alias: "dup")), slot: 0)
        let second = try restore(chat, ConnectionRecord(id: ConnectionID(number: 2), connectedAt: 1, login: .init(joinSequence: 1, alias: "DUP")), slot: 1)
        #expect(!second.channel.isActive)
        #expect(first.channel.isActive)
        #expect(chat.hub.usersOnline == 1)
    }
}
