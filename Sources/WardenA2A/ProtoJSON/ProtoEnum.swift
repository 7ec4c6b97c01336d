import JSONSchema

/// A protobuf enum: written as its value name, read from its name or number.
public protocol ProtoEnum: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// The zero value (`…_UNSPECIFIED`), which proto3 JSON leaves out.
    static var unspecified: Self { get }
    /// The number of the value in the proto definition.
    var number: Int { get }
}

extension ProtoEnum {
    /// Reads the enum from a name or a number; an unknown name or number is the zero value, as in
    /// `ParseDict(ignore_unknown_fields=True)`.
    static func read(_ value: JSONValue, path: String) throws(ProtoJSONError) -> Self {
        switch value {
        case .string(let name):
            return Self(rawValue: name) ?? .unspecified
        case .number(let n):
            guard let i = n.intValue else { throw ProtoJSONError(path: path, problem: "an enum number must be an integer") }
            return allCases.first { $0.number == i } ?? .unspecified
        default:
            throw ProtoJSONError(path: path, problem: "expected an enum name (a string), found \(value.typeName)")
        }
    }
}
