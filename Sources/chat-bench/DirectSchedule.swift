import NIOCore

/// The open-loop timetable of one shard's direct messages.
struct DirectSchedule {
    let start: NIODeadline
    let intervalNanoseconds: Double
    var sent = 0
    var timer: Scheduled<Void>?

    var nextDue: NIODeadline {
        start + .nanoseconds(Int64(Double(sent) * intervalNanoseconds))
    }
}
