/// The hub's side of keeping connections across a restart: which slot of
/// the state file each kept connection holds. Slots are handed out round
/// robin, so that a slot freed is the last to be taken again: should chatd
/// die between freeing a slot and systemd dropping the old descriptor, the
/// name's tag still tells the old descriptor from the slot's new holder.
struct KeptConnections {
    let keeper: any ConnectionKeeper
    let file: ConnectionStateFile
    private var holders: [ConnectionID?]
    private var cursor = 0

    init(keeper: any ConnectionKeeper, file: ConnectionStateFile) {
        self.keeper = keeper
        self.file = file
        self.holders = Array(repeating: nil, count: file.slots)
    }

    /// Records the connection and keeps its descriptor; nil when every slot
    /// is taken or the keeper is behind.
    mutating func keep(_ descriptor: CInt, as record: ConnectionRecord) -> Int? {
        guard let slot = freeSlot() else { return nil }
        // The record first: a descriptor kept without one would come back unknown.
        file.write(record, at: slot)
        guard keeper.keep(descriptor, as: KeptConnectionName(slot: slot, id: record.id).name) else {
            file.write(nil, at: slot)
            return nil
        }
        holders[slot] = record.id
        return slot
    }

    /// A connection the previous chatd kept, in the slot it already has.
    mutating func adopt(_ id: ConnectionID, at slot: Int) {
        guard slot < holders.count else { return }
        holders[slot] = id
    }

    func update(_ slot: Int, to record: ConnectionRecord) {
        file.write(record, at: slot)
    }

    mutating func release(_ slot: Int) {
        guard slot < holders.count, let id = holders[slot] else { return }
        holders[slot] = nil
        keeper.forget(KeptConnectionName(slot: slot, id: id).name)
        file.write(nil, at: slot)
    }

    private mutating func freeSlot() -> Int? {
        for step in 0..<holders.count {
            let slot = (cursor + step) % holders.count
            if holders[slot] == nil {
                cursor = (slot + 1) % holders.count
                return slot
            }
        }
        return nil
    }
}
