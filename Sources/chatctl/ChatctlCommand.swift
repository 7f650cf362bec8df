import ArgumentParser

@main
struct ChatctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatctl",
        abstract: "Administer a running chatd over its admin socket.",
        discussion: """
            Exit status: 0 done; 1 chatd refused (its message is on standard error); \
            64 usage error; 69 no chatd is listening; 76 chatd's answer could not be read; \
            77 permission denied.
            """,
        version: "chatctl 0.1.0",
        subcommands: [ListCommand.self, KickCommand.self, NoticeCommand.self, StatsCommand.self]
    )

    @OptionGroup var connection: ConnectionOptions
}
