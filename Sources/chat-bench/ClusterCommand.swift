import ArgumentParser

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "chatd nodes forming one chat through PostgreSQL under broadcasts at a fixed rate; then one chatd under the same load.",
        discussion: """
            Clients are spread over the nodes round robin and broadcast in turn; every broadcast reaches every \
            client, so with N nodes (N-1)/N of the deliveries cross nodes. The defaults make about 10,000 \
            deliveries a second, the load issue 14 sets its latency target at. The nodes join a cluster named \
            afresh for each run in the PostgreSQL given by --cluster (a password, if one is needed, as chatd \
            reads it: PGPASSFILE); Tests/cluster/scratch-postgres.sh start DIR starts a PostgreSQL and prints \
            its conninfo, and make bench-cluster does it all. The single chatd that follows has no cluster.
            """
    )

    @OptionGroup var options: BenchOptions

    @Option(help: ArgumentHelp("The PostgreSQL the nodes share, as chatd's --cluster takes it.", valueName: "conninfo"))
    var cluster: String

    @Option(help: "chatd nodes in the cluster.")
    var nodes = 3

    @Option(help: "Clients logged in, spread over the nodes round robin.")
    var clients = 300

    @Option(help: "Broadcasts per second, all clients together (each is delivered to every client).")
    var rate = 33.4

    @OptionGroup var window: WindowOptions

    func run() async throws {
        let clustered = ClusterScenario(
            nodes: nodes, cluster: cluster, clients: clients, rate: rate, seconds: window.seconds, warmUpSeconds: window.warmUp,
            textBytes: window.textBytes
        )
        // The comparison: the same users and rate on one chatd with no cluster.
        var single = clustered
        single.nodes = 1
        single.cluster = nil
        let headings = ["\(nodes) nodes", "one chatd"]
        try await options.perform {
            var reports: [ScenarioReport] = []
            for scenario in [clustered, single] {
                reports.append(try await scenario.run(chatd: options.launch, threads: options.threads))
            }
            return reports
        } summary: { reports in
            ScenarioComparison(headings: headings, reports: reports).table
        }
    }
}
