import ChatServer
import Systemd

/// chatd's connections in systemd's file descriptor store.
struct SystemdConnectionKeeper: ConnectionKeeper {
    let store: FileDescriptorStore

    /// The state file and the hand-over take two places of the store.
    var capacity: Int { max(0, store.capacity - 2) }

    func keep(_ descriptor: CInt, as name: String) {
        store.store(descriptor, name: name)
    }

    func forget(_ name: String) {
        store.remove(name: name)
    }

    func keepNewFile(named name: String, size: Int) throws -> CInt {
        try store.storeNewFile(name: name, size: size)
    }

    func keepFinally(_ contents: [UInt8], as name: String) throws {
        try store.store(contents: contents, name: name)
    }
}
