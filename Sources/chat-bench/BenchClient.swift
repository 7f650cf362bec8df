import ChatProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One simulated chat user: answers `NICK` with its alias, then sends what
/// its shard's scenario asks and counts every message chatd relays to it.
/// Lines are parsed in place in the received bytes: no String per delivery,
/// so the generator costs less per message than the server it measures.
final class BenchClient: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static func alias(_ index: Int) -> String { "c\(index)" }

    let index: Int
    /// Which of the chatd nodes this client is logged in to (always 0 but in a cluster run).
    let node: Int
    private unowned let shard: LoadShard
    private var context: ChannelHandlerContext?
    /// An incomplete last line, kept until the rest arrives.
    private var partial = ByteBuffer()
    private var unflushed = false
    private var answeredNick = false
    private(set) var isLoggedIn = false
    private(set) var isQuitting = false
    /// Chat messages only: the alias and `/quit` are not counted.
    private(set) var sent = 0
    private(set) var received = 0
    /// Fanout senders: own messages not yet echoed back, and the most allowed.
    private var inFlight = 0
    private var window = 0

    init(index: Int, node: Int, shard: LoadShard) {
        self.index = index
        self.node = node
        self.shard = shard
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        shard.clientClosed(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shard.problem("\(Self.alias(index)): \(error)")
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if partial.readableBytes == 0 {
            consumeLines(in: &incoming)
            if incoming.readableBytes > 0 {
                partial.clear()
                partial.writeBuffer(&incoming)
            }
        } else {
            partial.writeBuffer(&incoming)
            consumeLines(in: &partial)
            partial.discardReadBytes()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush()
        context.fireChannelReadComplete()
    }

    // MARK: Input

    private func consumeLines(in buffer: inout ByteBuffer) {
        let consumed = buffer.withUnsafeReadableBytes { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            var start = 0
            while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
                let newline = base.distance(to: UnsafeRawPointer(found))
                let end = newline > start && bytes[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
                handle(line: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = newline + 1
            }
            return start
        }
        buffer.moveReaderIndex(forwardBy: consumed)
    }

    private func handle(line: UnsafeRawBufferPointer) {
        if Self.starts(line, with: .message) || Self.starts(line, with: .direct) {
            delivered(line)
        } else if Self.starts(line, with: .nick) {
            guard !answeredNick else {
                // Asked again: the alias was refused (the ERR is already counted); give up.
                context?.close(promise: nil)
                return
            }
            answeredNick = true
            write { $0.writeString(Self.alias(index)) }
            flush()
        } else if Self.starts(line, with: .welcome) {
            isLoggedIn = true
            shard.clientLoggedIn(self)
        } else if Self.starts(line, with: .error) {
            shard.problem("\(Self.alias(index)) got: \(String(decoding: line, as: UTF8.self))")
        }
        // JOIN, LEAVE, BYE and NOTICE need no answer.
    }

    /// The word alone or followed by a space: `DMX` is not `DM`.
    private static func starts(_ line: UnsafeRawBufferPointer, with word: ServerLine.Word) -> Bool {
        let spelling = word.rawValue.utf8
        guard line.starts(with: spelling) else { return false }
        return line.count == spelling.count || line[spelling.count] == UInt8(ascii: " ")
    }

    private func delivered(_ line: UnsafeRawBufferPointer) {
        guard let payload = Payload(relayedLine: line) else {
            shard.problem("\(Self.alias(index)) cannot read a relayed line: \(String(decoding: line, as: UTF8.self))")
            return
        }
        received += 1
        shard.delivered(payload, to: self)
        if payload.sender == index, inFlight > 0 {
            inFlight -= 1
            keepInFlight()
        }
    }

    // MARK: Output

    /// Fanout: broadcasts until `window` own messages are on their way, then
    /// one more for each that comes back, while the shard is sending.
    func startBroadcasting(window: Int) {
        self.window = window
        keepInFlight()
        flush()
    }

    private func keepInFlight() {
        while shard.isSending, inFlight < window {
            let payload = Payload(sender: index, sequence: sent, dueAt: NIODeadline.now().uptimeNanoseconds)
            write { payload.write(into: &$0, textBytes: shard.textBytes) }
            sent += 1
            inFlight += 1
        }
    }

    /// One message of an open-loop schedule (or a probe); `dueAt` is when
    /// the schedule wanted it sent, so lateness counts as latency.
    func send(_ kind: OpenLoopSchedule.Kind, dueAt: UInt64) {
        let payload = Payload(sender: index, sequence: sent, dueAt: dueAt)
        write {
            if kind == .direct {
                $0.writeString(ClientCommand.direct(to: Self.alias(index ^ 1), text: "").line) // the payload is the text
            }
            payload.write(into: &$0, textBytes: shard.textBytes)
        }
        sent += 1
        flush()
    }

    func quit() {
        isQuitting = true
        write { $0.writeString(ClientCommand.quit(reason: nil).line) }
        flush()
    }

    private func write(_ body: (inout ByteBuffer) -> Void) {
        guard let context else { return }
        var buffer = context.channel.allocator.buffer(capacity: shard.textBytes + 48)
        body(&buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
        context.write(wrapOutboundOut(buffer), promise: nil)
        unflushed = true
    }

    private func flush() {
        guard unflushed, let context else { return }
        unflushed = false
        context.flush()
    }
}
