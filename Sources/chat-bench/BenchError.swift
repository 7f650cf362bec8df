/// Why a benchmark run could not produce its figures, said so a person can act on it.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
