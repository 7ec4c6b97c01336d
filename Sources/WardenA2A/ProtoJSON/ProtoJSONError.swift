/// A value that does not follow the proto3 JSON form of an A2A message: which field, and what is wrong with it.
public struct ProtoJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, as a dotted path of JSON field names (`message.parts[0].raw`); empty for the root.
    public var path: String
    /// What is wrong, for a person.
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}
