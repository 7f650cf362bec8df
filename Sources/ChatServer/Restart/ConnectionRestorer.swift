import ChatCore
import ChatProtocol
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Sets up keeping for this chatd and takes back the connections the
/// previous one kept: each becomes the member it was (see
/// `ChatHub.restore`). A descriptor this chatd cannot place (a foreign
/// name, a record missing, corrupt or of an unknown version) is told so in
/// a `NOTICE` and closed, and nothing else fails.
struct ConnectionRestorer {
    let hub: NIOLoopBoundBox<ChatHub>
    let eventLoop: any EventLoop
    let keeper: (any ConnectionKeeper)?
    let logger: Logger

    /// A kept connection as the state file describes it.
    private struct Placed {
        let kept: KeptDescriptor
        let record: ConnectionRecord
        let slot: Int
    }

    func restore(_ inheritance: Inheritance) async {
        let handOver = decodeHandOver(inheritance.handOver)
        let placed: [Placed]
        do {
            placed = try await eventLoop.submit { [self] in
                let previous = openPreviousStateFile(inheritance.stateFile)
                setUpKeeping(reusing: previous)
                return place(inheritance.connections, using: previous)
            }.get()
        } catch {
            logger.error("could not take back the kept connections", metadata: ["reason": "\(error)"])
            return
        }
        guard !inheritance.connections.isEmpty else { return }
        var adoptions: [EventLoopFuture<Bool>] = []
        for entry in placed {
            adoptions.append(adopt(entry, input: handOver.inputs[entry.record.id]))
        }
        // One wait for them all: a resumption per connection costs milliseconds on a busy machine.
        let outcomes = (try? await EventLoopFuture.whenAllComplete(adoptions, on: eventLoop).get()) ?? []
        let restored = outcomes.filter { (try? $0.get()) == true }.count
        logger.info(
            "connections restored",
            metadata: [
                "restored": "\(restored)", "not-restored": "\(inheritance.connections.count - restored)",
                "graceful": "\(inheritance.handOver != nil)",
            ] + JournalEvent.restored.metadata
        )
    }

    private func decodeHandOver(_ bytes: [UInt8]?) -> HandOver {
        guard let bytes else { return HandOver() }
        do {
            return try HandOver(decoding: bytes)
        } catch {
            logger.warning(
                "the previous chatd's hand-over is unreadable: lines it had half read are lost",
                metadata: ["reason": "\(error.description)"]
            )
            return HandOver()
        }
    }

    private func openPreviousStateFile(_ descriptor: CInt?) -> ConnectionStateFile? {
        guard let descriptor else { return nil }
        do {
            return try ConnectionStateFile(existing: descriptor, slots: keeper?.capacity ?? 0)
        } catch {
            logger.warning(
                "the previous chatd's state file is unreadable: its connections are closed",
                metadata: ["reason": "\(error.description)"] + JournalEvent.notRestored.metadata
            )
            close(descriptor)
            return nil
        }
    }

    /// The previous state file goes on being written when there is one.
    private func setUpKeeping(reusing previous: ConnectionStateFile?) {
        guard let keeper else { return }
        var file = previous
        if file == nil {
            keeper.forget(ConnectionStateFile.name)
            do {
                let slots = keeper.capacity
                let descriptor = try keeper.keepNewFile(named: ConnectionStateFile.name, size: ConnectionStateFile.offset(of: slots))
                file = try ConnectionStateFile(new: descriptor, slots: slots)
            } catch {
                logger.error("no state file: connections will not be kept across a restart", metadata: ["reason": "\(error)"])
            }
        }
        if let file { hub.value.kept = KeptConnections(keeper: keeper, file: file) }
    }

    /// Pairs each descriptor with its record; rejects those it cannot pair.
    private func place(_ connections: [KeptDescriptor], using file: ConnectionStateFile?) -> [Placed] {
        var placed: [Placed] = []
        var ids = Set<ConnectionID>()
        var slots = Set<Int>()
        var aliases = Set<AliasKey>()
        for kept in connections {
            let name: KeptConnectionName
            let found: ConnectionRecord?
            do {
                name = try KeptConnectionName(parsing: kept.name)
                guard let file else {
                    reject(kept, because: "there is no state file to say what it is")
                    continue
                }
                found = try file.read(slot: name.slot)
            } catch {
                reject(kept, because: "\(error)")
                continue
            }
            guard let record = found, name.matches(record.id) else {
                reject(kept, because: "its slot in the state file holds no record of it")
                continue
            }
            let alias = record.login.flatMap { AliasKey($0.alias) }
            guard slots.insert(name.slot).inserted, ids.insert(record.id).inserted,
                  alias.map({ aliases.insert($0).inserted }) ?? true
            else {
                reject(kept, because: "its record is another kept connection's")
                continue
            }
            placed.append(Placed(kept: kept, record: record, slot: name.slot))
        }
        return placed
    }

    /// Makes a channel of the socket, as the listener does for a new one; true once it is a member.
    private func adopt(_ entry: Placed, input: HandOver.Input?) -> EventLoopFuture<Bool> {
        let hub = self.hub
        let restoring = ClientConnectionHandler.Restoring(record: entry.record, slot: entry.slot, input: input)
        return ClientBootstrap(group: eventLoop)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.recvAllocator, value: ChatServer.clientReceiveAllocator)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ClientConnectionHandler(hub: hub.value, transport: .tcp, restoring: restoring)
                    )
                }
            }
            .withConnectedSocket(entry.kept.descriptor)
            .map { $0.isActive }
            .recover { [self] error in
                // NIO closed the descriptor; systemd's copy must go too.
                keeper?.forget(entry.kept.name)
                logger.warning(
                    "a kept connection could not be restored",
                    metadata: ["fd-name": "\(entry.kept.name)", "reason": "\(error)"] + JournalEvent.notRestored.metadata
                )
                return false
            }
    }

    /// Best effort: the socket is the peer's only news of what happened.
    private func reject(_ kept: KeptDescriptor, because reason: String) {
        let notice = ServerLine.notice("chatd was restarted but could not take this connection back: please reconnect").text + "\n"
        _ = notice.withCString { send(kept.descriptor, $0, strlen($0), CInt(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        close(kept.descriptor)
        keeper?.forget(kept.name)
        logger.warning(
            "closed a kept connection this chatd cannot restore",
            metadata: ["fd-name": "\(kept.name)", "reason": "\(reason)"] + JournalEvent.notRestored.metadata
        )
    }
}
