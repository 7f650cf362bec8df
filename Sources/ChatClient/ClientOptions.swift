/// What the command line and the environment decided.
public struct ClientOptions: Sendable {
    public var host: String
    public var port: Int
    /// Nil: ask for one.
    public var alias: String?
    public var timestamps: Bool
    public var reconnect: Bool
    /// False when NO_COLOR is set or TERM is "dumb"; colours are also never
    /// used in pipe mode.
    public var colorsAllowed: Bool

    public init(host: String, port: Int, alias: String?, timestamps: Bool, reconnect: Bool, colorsAllowed: Bool) {
        self.host = host
        self.port = port
        self.alias = alias
        self.timestamps = timestamps
        self.reconnect = reconnect
        self.colorsAllowed = colorsAllowed
    }
}
