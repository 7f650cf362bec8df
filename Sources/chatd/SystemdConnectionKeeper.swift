import ChatServer
import Glibc
import NIOPosix
import Synchronization
import Systemd

/// chatd's connections in systemd's file descriptor store. Messages to
/// systemd go out in order from one thread of their own: PID 1 blocks the
/// sender when it falls behind, which must not stall the event loop. systemd
/// 252 compares each descriptor stored with every one it holds, so storing
/// gets slower as the store fills (10,000 logins cost PID 1 about 18 CPU
/// seconds here). While as many messages wait as the store holds, a new
/// connection is served but not kept: a connect storm cannot pile up more
/// copies of descriptors than that. Every kept connection's removal is sent
/// whatever the backlog: without it the peer would never see the end.
final class SystemdConnectionKeeper: ConnectionKeeper {
    private let store: FileDescriptorStore
    private let thread = NIOThreadPool(numberOfThreads: 1)
    private let pending = Atomic(0)

    init(store: FileDescriptorStore) {
        self.store = store
        thread.start()
    }

    /// The state file and the hand-over take two places of the store.
    var capacity: Int { max(0, store.capacity - 2) }

    func keep(_ descriptor: CInt, as name: String) -> Bool {
        guard pending.add(1, ordering: .relaxed).newValue <= store.capacity else {
            pending.subtract(1, ordering: .relaxed)
            return false
        }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard copy >= 0 else {
            pending.subtract(1, ordering: .relaxed)
            return false
        }
        thread.submit { [self] _ in
            store.store(copy, name: name)
            close(copy)
            pending.subtract(1, ordering: .relaxed)
        }
        return true
    }

    func forget(_ name: String) {
        pending.add(1, ordering: .relaxed)
        thread.submit { [self] _ in
            store.remove(name: name)
            pending.subtract(1, ordering: .relaxed)
        }
    }

    func keepNewFile(named name: String, size: Int) throws -> CInt {
        let file = try FileDescriptorStore.memoryFile(name: name, size: size)
        let copy = fcntl(file, F_DUPFD_CLOEXEC, 3)
        guard copy >= 0 else {
            close(file)
            throw FileDescriptorStoreError(operation: "fcntl", errno: errno)
        }
        // After whatever was asked before it, such as forgetting the file it replaces.
        thread.submit { [store] _ in
            store.store(copy, name: name)
            close(copy)
        }
        return file
    }

    func keepFinally(_ contents: [UInt8], as name: String) async throws {
        try await thread.runIfActive { [store] in
            try store.store(contents: contents, name: name)
        }
    }
}
