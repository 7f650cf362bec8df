/// Which chatd node a client logs in to when there are several: client `i`
/// on node `i % nodes`, round robin, so every node has the same share of the
/// users (±1), and a delivery crossed nodes exactly when its sender's number
/// and its recipient's fall on different nodes, which the receiving client
/// can tell from the sender number in the payload without asking anyone.
enum NodePlacement {
    static func node(of client: Int, among nodes: Int) -> Int {
        client % nodes
    }
}
