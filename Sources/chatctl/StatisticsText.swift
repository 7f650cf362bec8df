import AdminProtocol
import Foundation

/// `chatctl stats` for a person: one counter per line, labels aligned.
enum StatisticsText {
    static func render(_ report: StatisticsReport) -> String {
        var lines: [(String, String)] = [
            ("uptime", ElapsedTime.format(seconds: report.uptimeSeconds)),
            ("users", "\(report.usersOnline) online, \(report.usersPeak) peak"),
            ("connections", "\(report.connectionsOpen) open, \(report.connectionsAccepted) accepted, \(report.connectionsRefused) refused"),
            ("TLS", "\(report.tlsConnectionsOpen) open, \(report.tlsHandshakesCompleted) handshakes, \(report.tlsHandshakesFailed) failed"),
            ("web", "\(report.webConnectionsOpen) open"),
            ("messages relayed", "\(report.messagesRelayed) (\(report.broadcastsRelayed) broadcast, \(report.directMessagesRelayed) direct)"),
            ("notices", "\(report.noticesSent)"),
            ("kicks", "\(report.kicks)"),
            ("errors sent", "\(report.errorsSent)"),
            ("bytes", "\(report.bytesIn) in, \(report.bytesOut) out"),
        ]
        if let cluster = report.cluster {
            lines += clusterLines(cluster)
        }
        let reasons = report.disconnectionsByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        lines.append(("disconnections", "\(reasons.reduce(0) { $0 + $1.value })"))
        let width = lines.map(\.0.count).max() ?? 0
        let aligned = lines.map { label, value in
            label + String(repeating: " ", count: width - label.count) + "  " + value
        }
        // Reasons are free text (a kick's reason), so they go last on their lines.
        let countWidth = reasons.map { "\($0.value)".count }.max() ?? 0
        let breakdown = reasons.map { reason, count in
            let number = "\(count)"
            return "  " + String(repeating: " ", count: countWidth - number.count) + number + "  " + reason
        }
        return (aligned + breakdown).joined(separator: "\n") + "\n"
    }

    private static func clusterLines(_ cluster: ClusterReport) -> [(String, String)] {
        let state = cluster.connected ? "joined" : "out of reach of the other nodes"
        let nodes = cluster.nodes.map { "\($0.name) \($0.usersOnline)" }.joined(separator: ", ")
        let roundTrip = cluster.roundTripMilliseconds.map { String(format: "%.1f ms", $0) } ?? "unknown"
        let queue = cluster.notificationQueueUsage.map { String(format: "%.1f%%", $0 * 100) } ?? "unknown"
        return [
            ("cluster", "\(cluster.clusterName) as \(cluster.nodeName), \(state)"),
            ("nodes", "\(cluster.nodes.count) (users: \(nodes))"),
            ("engine", "round trip \(roundTrip), notification queue \(queue), outbound \(cluster.outboundQueued)/\(cluster.outboundCapacity) batches"),
        ]
    }
}
