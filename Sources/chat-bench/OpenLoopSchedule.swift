import NIOCore

/// The open-loop timetable of one shard's messages: the n-th is due at
/// `start + n × interval` whether or not chatd keeps up, and the senders take
/// turns in a fixed order, so the load does not ease when chatd falls behind.
struct OpenLoopSchedule {
    /// What each message is.
    enum Kind {
        /// `/dm` to the other member of the sender's pair (client `index ^ 1`).
        case direct
        /// A plain line, which chatd relays to every user (the sender included).
        case broadcast
    }

    let kind: Kind
    let senders: [BenchClient]
    let start: NIODeadline
    let intervalNanoseconds: Double
    var sent = 0
    var timer: Scheduled<Void>?

    var nextDue: NIODeadline {
        start + .nanoseconds(Int64(Double(sent) * intervalNanoseconds))
    }
}
