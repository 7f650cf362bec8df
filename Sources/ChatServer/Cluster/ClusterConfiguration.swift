import ChatCore

/// Everything a node needs to join its cluster, checked before chatd serves
/// so that a mistake stops it at start-up with a message, not later.
public struct ClusterConfiguration: Sendable {
    let nodeName: String
    let clusterName: String
    let endpoint: PostgresEndpoint
    let password: ClusterPassword

    /// nil when `settings` name no cluster. `hostName` is the default node name.
    public init?(
        settings: ServerSettings, hostName: String, credentialsDirectory: String?, passwordFile: String?, user: String
    ) throws(ClusterSetupError) {
        guard let conninfo = settings.cluster else { return nil }
        let nodeName = settings.nodeName ?? hostName
        var defaults = ServerSettings()
        do {
            try defaults.set(.nodeName, to: nodeName)
        } catch {
            throw ClusterSetupError("the host name '\(hostName)' cannot be a node name: set node-name (\(error))")
        }
        // PostgreSQL keeps 63 bytes of a session's name; longer ones could clash.
        guard "chatd \(settings.clusterName) \(nodeName)".utf8.count <= 63 else {
            throw ClusterSetupError("cluster-name and node-name together are too long: at most 56 bytes between them")
        }
        self.nodeName = nodeName
        clusterName = settings.clusterName
        endpoint = try PostgresEndpoint(parsing: conninfo, defaultUser: user)
        password = ClusterPassword(credentialsDirectory: credentialsDirectory, passwordFile: passwordFile)
    }

    /// For the start-up log line.
    public var summary: String {
        "node \(nodeName) of cluster \(clusterName) via \(endpoint.isUnixSocket ? "socket \(endpoint.host)" : endpoint.host):\(endpoint.port)"
    }
}
