import AdminProtocol
import ChatCore
import ChatProtocol
import Foundation
import Logging

/// Carries out admin requests against the hub. Runs on the hub's event loop,
/// so it reads and changes chat state directly, between two chat events.
struct AdminCommandExecutor {
    static let defaultKickReason = "kicked by an administrator"
    /// Longer bans are surely typos (a year is plenty for an in-memory ban).
    static let longestBanSeconds = 366 * 24 * 3600

    let hub: ChatHub

    /// Answers one request line from `peer`; every action is logged with who asked.
    func respond(to line: Data, from peer: PeerCredentials) -> AdminResponse {
        let actor = Self.metadata(for: peer)
        let request: AdminRequest
        do {
            request = try AdminRequest(parsing: line)
        } catch {
            hub.logger.warning("admin request refused", metadata: actor + ["code": "\(error.code)"] + JournalEvent.adminRefused.metadata)
            return .failure(error)
        }
        do {
            return .success(try execute(request.command, by: actor))
        } catch {
            hub.logger.warning(
                "admin request refused",
                metadata: actor + ["command": "\(request.command.name.rawValue)", "code": "\(error.code)"] + JournalEvent.adminRefused.metadata
            )
            return .failure(error)
        }
    }

    static func metadata(for peer: PeerCredentials) -> Logger.Metadata {
        ["admin-uid": "\(peer.uid)", "admin-pid": "\(peer.pid)"]
    }

    private func execute(_ command: AdminCommand, by actor: Logger.Metadata) throws(AdminError) -> AdminResult {
        switch command {
        case .list:
            hub.logger.info("admin listed users", metadata: actor + JournalEvent.adminList.metadata)
            return .users(UserList(users: hub.users))
        case .stats:
            hub.logger.info("admin read statistics", metadata: actor + JournalEvent.adminStats.metadata)
            return .statistics(hub.statisticsReport)
        case .notice(let arguments):
            try refuseWhileShuttingDown()
            guard let text = Self.sanitized(arguments.text), !text.isEmpty else {
                throw AdminError(.invalidArguments, "notice: the text is empty once control characters are removed")
            }
            return .noticeSent(NoticeOutcome(text: text, recipients: hub.notice(text, by: actor)))
        case .kick(let arguments):
            try refuseWhileShuttingDown()
            return .kicked(try kick(arguments, by: actor))
        }
    }

    private func kick(_ arguments: KickArguments, by actor: Logger.Metadata) throws(AdminError) -> KickOutcome {
        if let seconds = arguments.banSeconds, !(1...Self.longestBanSeconds).contains(seconds) {
            throw AdminError(.invalidArguments, "kick: banSeconds must be between 1 and \(Self.longestBanSeconds), got \(seconds)")
        }
        if arguments.banAddress, arguments.banSeconds == nil {
            throw AdminError(.invalidArguments, "kick: banAddress needs banSeconds (how long the ban lasts)")
        }
        let given = arguments.reason.flatMap(Self.sanitized) ?? ""
        let reason = given.isEmpty ? Self.defaultKickReason : given
        guard let kicked = hub.kick(arguments.alias, reason: reason, by: actor) else {
            throw AdminError(.noSuchUser, "no such user: \(arguments.alias)")
        }
        let alias = kicked.alias
        var outcome = KickOutcome(alias: alias, peer: kicked.peer.description, reason: reason)
        guard let seconds = arguments.banSeconds else { return outcome }
        hub.ban(alias: alias, for: .seconds(seconds))
        hub.logger.warning(
            "alias banned",
            metadata: actor + ["alias": "\(alias)", "ban-seconds": "\(seconds)"] + JournalEvent.banned.metadata
        )
        outcome.banSeconds = seconds
        if arguments.banAddress, let address = kicked.peer.address {
            outcome.alsoDisconnected = hub.ban(address: address, for: .seconds(seconds), reason: reason, by: actor)
            outcome.bannedAddress = address.description
            hub.logger.warning(
                "address banned",
                metadata: actor + ["address": "\(address)", "ban-seconds": "\(seconds)", "disconnected": "\(outcome.alsoDisconnected)"]
                    + JournalEvent.banned.metadata
            )
        }
        return outcome
    }

    private func refuseWhileShuttingDown() throws(AdminError) {
        if hub.isShuttingDown { throw AdminError(.shuttingDown, "chatd is shutting down") }
    }

    /// Admin text reaches every terminal, so it is cleaned like chat text.
    private static func sanitized(_ text: String) -> String? {
        guard case .text(let clean) = TextSanitizer.sanitize(Array(text.utf8)) else { return nil }
        return clean
    }
}
