import ChatCore
import Logging
import NIOCore
import NIOEmbedded

@testable import ChatServer

/// A real hub on NIO's embedded event loop, with clients as embedded
/// channels running the real connection handler: no sockets, and time moves
/// only when a test says so.
final class EmbeddedChat {
    let loop = EmbeddedEventLoop()
    let hub: ChatHub

    init(_ configure: (inout ServerSettings) -> Void = { _ in }) {
        var settings = ServerSettings()
        configure(&settings)
        hub = ChatHub(settings: settings, eventLoop: loop, logger: Logger(label: "chatd-test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// A connected client; `stalled` models a peer that never reads (flushes
    /// never reach it, so its output stays queued in the channel).
    func connect(from address: String = "192.0.2.1", port: Int = 40000, stalled: Bool = false) throws -> EmbeddedClient {
        let channel = EmbeddedChannel(loop: loop)
        if stalled { try channel.pipeline.syncOperations.addHandler(StalledPeer()) }
        try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(hub: hub, transport: .tcp))
        channel.remoteAddress = try SocketAddress(ipAddress: address, port: port)
        try channel.connect(to: channel.remoteAddress!).wait()
        loop.run()
        return EmbeddedClient(channel: channel, loop: loop)
    }

    /// Connects and logs in as `alias`, discarding the handshake's output.
    func loggedIn(_ alias: String, from address: String = "192.0.2.1") throws -> EmbeddedClient {
        let client = try connect(from: address)
        try client.send(alias)
        _ = try client.lines()
        return client
    }
}

final class EmbeddedClient {
    let channel: EmbeddedChannel
    private let loop: EmbeddedEventLoop

    init(channel: EmbeddedChannel, loop: EmbeddedEventLoop) {
        self.channel = channel
        self.loop = loop
    }

    /// Delivers `text` plus an LF as one read, then lets the loop finish its tick.
    func send(_ text: String) throws {
        try sendRaw(text + "\n")
    }

    func sendRaw(_ bytes: String) throws {
        try channel.writeInbound(ByteBuffer(string: bytes))
        loop.run()
    }

    /// Each write the handler passed to the channel, in order.
    func writes() throws -> [String] {
        var writes: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            if buffer.readableBytes > 0 { writes.append(String(buffer: buffer)) }
        }
        return writes
    }

    /// Everything written so far, as lines.
    func lines() throws -> [String] {
        try writes().joined().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    var handler: ClientConnectionHandler {
        get throws { try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self) }
    }
}

/// Holds every flush back, as a peer that stopped reading holds up the socket.
private final class StalledPeer: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer

    func flush(context: ChannelHandlerContext) {}
}
