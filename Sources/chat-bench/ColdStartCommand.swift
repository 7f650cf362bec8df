import ArgumentParser

struct ColdStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coldstart",
        abstract: "The first client's WELCOME when its connection starts chatd (systemd-socket-activate)."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Cold starts to time.")
    var runs = 5

    @Option(help: ArgumentHelp("systemd-socket-activate to use.", valueName: "path"))
    var socketActivate = "/usr/bin/systemd-socket-activate"

    func run() async throws {
        let scenario = ColdStartScenario(runs: runs, socketActivator: socketActivate)
        try await options.perform {
            let report = try await scenario.run(chatd: options.launch)
            options.show(report)
            return [report]
        }
    }
}
