import ChatCore
import NIOCore
import NIOEmbedded
import Testing

@testable import ChatServer

/// The hub and the real connection handler on an embedded event loop:
/// ordering, ticks, send queues, pacing, close deadlines and counters.
@Suite struct ChatHubTests {
    @Test func repliesAndBroadcastsKeepTheOrderOfTheLinesThatCausedThem() throws {
        let chat = EmbeddedChat()
        let bob = try chat.loggedIn("bob")
        let alice = try chat.loggedIn("alice")
        _ = try bob.lines()
        try alice.sendRaw("one\n/users\ntwo\n/dm bob psst\n")
        #expect(try alice.lines() == ["MSG alice one", "USERS bob alice", "MSG alice two"])
        #expect(try bob.lines() == ["MSG alice one", "MSG alice two", "DM alice psst"])
    }

    @Test func eachClientGetsOneWritePerTick() throws {
        let chat = EmbeddedChat()
        let bob = try chat.loggedIn("bob")
        let alice = try chat.loggedIn("alice")
        _ = try bob.writes()
        try alice.sendRaw("a\nb\nc\n")
        #expect(try bob.writes() == ["MSG alice a\nMSG alice b\nMSG alice c\n"])
        #expect(try alice.writes().count == 1)
    }

    @Test func aNewcomerGetsNoneOfTheTicksEarlierBroadcasts() throws {
        let chat = EmbeddedChat()
        let alice = try chat.loggedIn("alice")
        let bob = try chat.connect()
        _ = try bob.lines()
        // Both in one tick: alice's line, then bob's login.
        try alice.channel.writeInbound(ByteBuffer(string: "before you came\n"))
        try bob.channel.writeInbound(ByteBuffer(string: "bob\n"))
        chat.loop.run()
        #expect(try bob.lines() == ["WELCOME bob 2 users online"])
        #expect(try alice.lines() == ["MSG alice before you came", "JOIN bob"])
    }

    @Test func aReaderOverItsSendQueueIsCutAndNobodyElseNotices() throws {
        let chat = EmbeddedChat { $0.sendQueueBytes = ServerSettings.minimumSendQueueBytes }
        let slow = try chat.connect(stalled: true)
        try slow.send("slow")
        let alice = try chat.loggedIn("alice")
        let text = String(repeating: "x", count: 4000)
        for _ in 0..<5 { try alice.send(text) }
        #expect(!slow.channel.isActive)
        let seen = try alice.lines()
        #expect(seen.filter { $0.hasPrefix("MSG alice ") }.count == 5)
        #expect(seen.contains("LEAVE slow send queue exceeded"))
        #expect(chat.hub.statisticsReport.disconnectionsByReason["send queue exceeded"] == 1)
        #expect(chat.hub.statisticsReport.connectionsOpen == 1)
    }

    @Test func floodControlPausesReadingAndLosesNothing() throws {
        let chat = EmbeddedChat {
            $0.rateLimit = 1
            $0.rateBurst = 3
        }
        let alice = try chat.connect()
        try alice.sendRaw("alice\none\ntwo\nthree\nfour\n")
        // The alias and two lines used the burst of three.
        #expect(try alice.lines().filter { $0.hasPrefix("MSG") } == ["MSG alice one", "MSG alice two"])
        #expect(try alice.handler.pacing == .paused(readWanted: false))
        chat.loop.advanceTime(by: .seconds(1))
        #expect(try alice.lines() == ["MSG alice three"])
        chat.loop.advanceTime(by: .seconds(1))
        #expect(try alice.lines() == ["MSG alice four"])
        #expect(try alice.handler.pacing == .flowing)
    }

    @Test func aClosingPeerThatNeverReadsIsCutAtTheDeadlineAndFreesItsSlots() throws {
        let chat = EmbeddedChat { $0.maxClientsPerAddress = 1 }
        let stuck = try chat.connect(from: "198.51.100.7", stalled: true)
        try stuck.send("stuck")
        #expect(chat.hub.kick("stuck", reason: "bye", by: [:]) != nil)
        #expect(stuck.channel.isActive)
        #expect(try chat.connect(from: "198.51.100.7").lines() == ["ERR server full: too many connections from your address"])
        chat.loop.advanceTime(by: ChatHub.closeDeadline)
        #expect(!stuck.channel.isActive)
        #expect(try chat.connect(from: "198.51.100.7").lines() == ["NICK choose an alias"])
    }

    /// A peer that takes its last line at once is let go at once: nothing
    /// (such as the close deadline's timer) keeps its channel, which is most
    /// of what a connection costs, until the deadline. A mass quit of 10,000
    /// users otherwise held 20 MB for three seconds.
    @Test func aConnectionThatClosedAtOnceIsNotKeptUntilTheDeadline() throws {
        let chat = EmbeddedChat()
        weak var released: EmbeddedChannel?
        try {
            let client = try chat.loggedIn("alice")
            released = client.channel
            try client.send("/quit")
            #expect(try client.lines() == ["BYE"])
            #expect(!client.channel.isActive)
        }()
        chat.loop.run()
        #expect(released == nil)
    }

    @Test func theHandshakeTimesOut() throws {
        let chat = EmbeddedChat { $0.handshakeTimeoutSeconds = 5 }
        let silent = try chat.connect()
        chat.loop.advanceTime(by: .seconds(5))
        #expect(try silent.lines() == ["NICK choose an alias", "ERR no alias chosen within 5 seconds, goodbye"])
        #expect(!silent.channel.isActive)
    }

    @Test func endOfInputHandlesTheCompleteLinesThenLeaves() throws {
        let chat = EmbeddedChat()
        let bob = try chat.loggedIn("bob")
        let alice = try chat.loggedIn("alice")
        _ = try bob.lines()
        try alice.channel.writeInbound(ByteBuffer(string: "last words\nunterminated"))
        alice.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        chat.loop.run()
        #expect(try bob.lines() == ["MSG alice last words", "LEAVE alice connection lost"])
        #expect(!alice.channel.isActive)
    }

    @Test func everyByteAndEveryErrIsCounted() throws {
        let chat = EmbeddedChat { $0.maxClients = 2 }
        let alice = try chat.loggedIn("alice")
        let waiting = try chat.connect()
        let refused = try chat.connect()
        try alice.send("/frob")
        try alice.send("/quit")
        let third = try chat.connect()
        var stopped = false
        chat.hub.beginShutdown(grace: .seconds(1)).assumeIsolated().whenSuccess { stopped = true }
        chat.loop.run()
        // The refused connection, closed before the hub's admission returned, is gone too.
        #expect(stopped)
        #expect(chat.hub.statisticsReport.connectionsOpen == 0)
        var written = "NICK choose an alias\nWELCOME alice you are the only user online\n"
        for client in [alice, waiting, refused, third] { written += try client.writes().joined() }
        let report = chat.hub.statisticsReport
        #expect(report.bytesOut == written.utf8.count)
        #expect(written.contains("\nBYE\n"))
        // unknown command, server full, and shutting down for the two still choosing an alias.
        #expect(report.errorsSent == 4)
        #expect(report.connectionsRefused == 1)
    }

    @Test func oneIPv6Slash64CountsAsOneAddressForLimitsAndBans() throws {
        let chat = EmbeddedChat {
            $0.maxClientsPerAddress = 2
            $0.limitExempt = []
        }
        let first = try chat.loggedIn("first", from: "2001:db8:0:7::1")
        _ = try chat.connect(from: "2001:db8:0:7::2")
        #expect(try chat.connect(from: "2001:db8:0:7:ffff::3").lines() == ["ERR server full: too many connections from your address"])
        let elsewhere = try chat.connect(from: "2001:db8:0:8::1")
        #expect(try elsewhere.lines() == ["NICK choose an alias"])

        #expect(chat.hub.ban(address: try #require(IPAddress("2001:db8:0:7::1")), for: .seconds(60), reason: "spam", by: [:]) == 2)
        chat.loop.run()
        #expect(!first.channel.isActive)
        #expect(try chat.connect(from: "2001:db8:0:7::99").lines().first?.hasPrefix("ERR your address is banned") == true)
        #expect(elsewhere.channel.isActive)
    }

    @Test func aFloodOfLinesGetsAFairShareOfTheTickNotAllOfIt() throws {
        let chat = EmbeddedChat { $0.rateLimit = 0 }
        let bob = try chat.loggedIn("bob")
        let alice = try chat.loggedIn("alice")
        _ = try bob.lines()
        let flood = (0..<200).map { "line \($0)\n" }.joined()
        try alice.channel.writeInbound(ByteBuffer(string: flood))
        try bob.channel.writeInbound(ByteBuffer(string: "me too\n"))
        chat.loop.run()
        let seen = try bob.lines()
        #expect(seen.count == 201)
        #expect(seen.firstIndex(of: "MSG bob me too") == ClientConnectionHandler.linesPerTurn)
    }

    @Test func repliesAreJudgedBeforeTheyAreQueued() throws {
        let chat = EmbeddedChat {
            $0.sendQueueBytes = ServerSettings.minimumSendQueueBytes
            $0.rateLimit = 0
        }
        let stuck = try chat.connect(stalled: true)
        try stuck.send("stuck")
        let before = chat.hub.statisticsReport.bytesOut
        // One turn of lines whose replies (each ERR repeats the 3000-byte
        // command name) add up to twice the queue.
        try stuck.sendRaw(String(repeating: "/" + String(repeating: "x", count: 3000) + "\n", count: 11))
        #expect(!stuck.channel.isActive)
        let queued = chat.hub.statisticsReport.bytesOut - before
        // The write that crosses the limit is the last one queued: 6 of the 11 replies.
        #expect(queued <= ServerSettings.minimumSendQueueBytes + 3100)
    }
}
