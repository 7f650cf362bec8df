import AdminProtocol
import ArgumentParser

struct KickCommand: AdminSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "kick",
        abstract: "Disconnect a user, optionally banning the alias and address for a while.",
        discussion: "The user gets KICKED <reason>; everyone else gets LEAVE <alias> <reason>. Bans are kept in memory only."
    )

    @ParentCommand var parent: ChatctlCommand
    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The alias to kick (any case).")
    var alias: String

    @Option(help: ArgumentHelp("Shown to the user and to everyone else (default: kicked by an administrator).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("Also refuse the alias for this long: 30s, 10m, 2h, 1d (or combined, 1h30m).", valueName: "duration"))
    var ban: BanDuration?

    @Flag(help: "With --ban: also refuse the user's address, disconnecting everyone else connected from it.")
    var banAddress = false

    func validate() throws {
        if banAddress, ban == nil {
            throw ValidationError("--ban-address needs --ban DURATION (how long the ban lasts)")
        }
    }

    func run(with client: AdminClient) throws(ChatctlError) {
        let arguments = KickArguments(alias: alias, reason: reason, banSeconds: ban?.seconds, banAddress: banAddress)
        guard case .kicked(let outcome) = try client.perform(.kick(arguments)) else {
            throw .badAnswer("chatd answered 'kick' with another result")
        }
        print("kicked \(outcome.alias) (\(outcome.peer)): \(outcome.reason)")
        if let seconds = outcome.banSeconds {
            print("alias \(outcome.alias) banned for \(ElapsedTime.format(seconds: seconds))")
            if let address = outcome.bannedAddress {
                let others = outcome.alsoDisconnected == 1 ? "1 other connection" : "\(outcome.alsoDisconnected) other connections"
                print("address \(address) banned for \(ElapsedTime.format(seconds: seconds)); \(others) closed")
            }
        }
    }
}
