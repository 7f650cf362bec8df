import Foundation
import NIOCore

/// Issue 14's figures: `nodes` chatd processes form one chat through the
/// PostgreSQL at `cluster`, the `clients` users are spread over them round
/// robin (`NodePlacement`), and they all broadcast in turn, `rate` messages a
/// second in all on a fixed timetable (open loop): every broadcast reaches
/// every user on every node, so with N nodes (N − 1)/N of the deliveries
/// cross nodes, and a message's latency runs from when it was due. With
/// `cluster` nil it is one chatd with no cluster at all under the same load,
/// which is what the cluster's figures are compared with.
struct ClusterScenario: Sendable {
    var nodes: Int
    /// The PostgreSQL conninfo or URL, as chatd's `--cluster` takes it.
    var cluster: String?
    var clients: Int
    var rate: Double
    var seconds: Double
    var warmUpSeconds: Double
    var textBytes: Int

    var title: String {
        let setting = cluster == nil ? "one chatd, no cluster" : "\(nodes) chatd nodes through PostgreSQL"
        return "cluster: \(setting), \(clients) clients broadcasting in turn, "
            + "\(Figure("", "", rate, decimals: 1).text) a second in all (open loop), \(textBytes)-byte texts"
    }

    func run(chatd: ChatdLaunch, threads: Int) async throws -> ScenarioReport {
        guard nodes >= 1, cluster != nil || nodes == 1, clients >= nodes, rate > 0, seconds > 0, warmUpSeconds >= 0 else {
            throw BenchError("cluster needs --nodes ≥ 1, --clients ≥ --nodes, --rate > 0, --seconds > 0 and --warm-up ≥ 0")
        }
        guard !chatd.tls else {
            throw BenchError("cluster runs over plain TCP only: each node would make its own --tls certificate, and the clients trust one")
        }
        let servers = try await startNodes(chatd)
        let generator = LoadGenerator(threads: threads, textBytes: textBytes)
        _ = try await generator.logIn(count: clients, ports: servers.map(\.port), concurrency: 500)
        try await waitUntilNodesHearEachOther(generator)
        // Each shard sends its clients' share of the rate, all on one timetable.
        let perClient = rate / Double(clients)
        let start = NIODeadline.now() + .milliseconds(10)
        _ = try await generator.everyShard { shard in
            shard.startOpenLoop(.broadcast, perSecond: perClient * Double(shard.clientCount), from: start)
        }
        try await Task.sleep(for: .seconds(warmUpSeconds))

        let window = try await LoadWindow.measure(servers, generator, seconds: seconds)

        // Everyone, senders included, receives every broadcast, the probes too.
        let end = try await DeliveryRunEnd.finish(generator, servers, clients: clients) { tallies in
            let broadcasts = tallies.reduce(0) { $0 + $1.sent }
            return tallies.map { _ in broadcasts }
        }

        return ScenarioReport(
            scenario: "cluster",
            title: title,
            parameters: [
                Figure("nodes", "chatd nodes", nodes),
                Figure("clustered", "nodes joined through PostgreSQL (1) or one chatd alone (0)", cluster == nil ? 0 : 1),
                Figure("clients", "clients", clients),
                Figure("rate", "broadcasts per second, target", rate, decimals: 1),
                Figure("textBytes", "text bytes", textBytes),
                Figure("seconds", "seconds measured", window.seconds, decimals: 2),
            ],
            figures: window.figures + (nodes > 1 ? window.crossNodeFigures : []) + window.nodeFigures + end.figures,
            problems: end.problems
        )
    }

    /// One after the other; each has joined the cluster once it listens.
    private func startNodes(_ chatd: ChatdLaunch) async throws -> [ChatdUnderTest] {
        let options = ChatdUnderTest.unlimitedOptions(presenceLimit: 0)
        guard let cluster else { return [try await ChatdUnderTest.start(chatd, options: options)] }
        // A cluster of its own for each run: nothing an earlier run left in
        // the database (nodes, aliases) can meet this one.
        let clusterName = "bench-" + UUID().uuidString.prefix(8).lowercased()
        var servers: [ChatdUnderTest] = []
        for node in 0..<nodes {
            let joining = ["--cluster", cluster, "--cluster-name", clusterName, "--node-name", "n\(node + 1)"]
            servers.append(try await ChatdUnderTest.start(chatd, options: options + joining))
        }
        return servers
    }

    /// A user of each node (clients `0..<nodes` are one on each) broadcasts
    /// once, and nothing is measured before every user has all of them: then
    /// every node hears every other through PostgreSQL.
    private func waitUntilNodesHearEachOther(_ generator: LoadGenerator) async throws {
        let nodes = self.nodes
        _ = try await generator.everyShard { $0.broadcastOnce(from: 0..<nodes) }
        try await generator.wait(for: "every user receiving a broadcast from every node", timeout: .seconds(30), asking: \.tallies) { tallies in
            tallies.joined().allSatisfy { $0.received >= nodes }
        }
    }
}
