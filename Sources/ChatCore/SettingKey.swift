/// Every setting, named as on the command line without the dashes; the config
/// file uses the same names, so there is one vocabulary to learn.
public enum SettingKey: String, CaseIterable, Sendable {
    case listen
    case listenTLS = "listen-tls"
    case tlsCertificate = "tls-certificate"
    case tlsKey = "tls-key"
    case listenWeb = "listen-web"
    case webAllowedOrigins = "web-allowed-origins"
    case webTrustedProxies = "web-trusted-proxies"
    case adminSocket = "admin-socket"
    case adminGroup = "admin-group"
    case adminIdleTimeout = "admin-idle-timeout"
    case maxLineBytes = "max-line-bytes"
    case maxClients = "max-clients"
    case maxClientsPerAddress = "max-clients-per-address"
    case limitExempt = "limit-exempt"
    case ipv6Prefix = "ipv6-prefix"
    case rateLimit = "rate-limit"
    case rateBurst = "rate-burst"
    case sendQueueBytes = "send-queue-bytes"
    case handshakeTimeout = "handshake-timeout"
    case presenceLimit = "presence-limit"
    case reservedAliases = "reserved-aliases"
    case logLevel = "log-level"
    case logTarget = "log-target"
    case cluster
    case clusterName = "cluster-name"
    case nodeName = "node-name"
}
