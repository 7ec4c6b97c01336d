import Foundation
import JSONSchema

/// The A2A 0.3 JSON forms, as a2a-sdk's compatibility layer (`a2a.compat.v0_3`) reads and writes them:
/// `kind` discriminators (`"message"`, `"task"`, `"status-update"`, `"artifact-update"`), parts
/// `{"kind": "text" | "file" | "data", ...}`, lowercase states and roles, and fields that are absent rather than
/// empty. Each type converts to and from its 1.0 counterpart the way a2a-sdk's converters do.
public enum A2AV03 {
    /// `user` or `agent`.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        case user
        case agent
    }

    /// The 0.3 task states.
    public enum TaskState: String, Sendable, Equatable, CaseIterable {
        case submitted
        case working
        case inputRequired = "input-required"
        case completed
        case canceled
        case failed
        case rejected
        case authRequired = "auth-required"
        case unknown
    }
}

/// A value with an A2A 0.3 JSON form.
public protocol A2AV03Codable: Codable, Sendable {
    /// Reads the value from its 0.3 JSON form (field names in camelCase or snake_case, as pydantic accepts).
    /// - Throws: ``ProtoJSONError`` naming the missing or malformed field.
    init(v03JSON: JSONValue, path: String) throws(ProtoJSONError)
    /// The 0.3 JSON form, as a2a-sdk writes it (`model_dump(by_alias=True, exclude_none=True)`).
    var v03JSON: JSONValue { get }
}

extension A2AV03Codable {
    /// Reads the value from its 0.3 JSON form.
    /// - Throws: ``ProtoJSONError``.
    public init(v03JSON: JSONValue) throws(ProtoJSONError) {
        try self.init(v03JSON: v03JSON, path: "")
    }

    public init(from decoder: Decoder) throws {
        let value = try JSONValue(from: decoder)
        do {
            try self.init(v03JSON: value, path: "")
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        try v03JSON.encode(to: encoder)
    }
}

extension ProtoReader {
    /// A field 0.3 requires.
    func required(_ name: String) throws(ProtoJSONError) -> JSONValue {
        guard let v = value(name) else { throw ProtoJSONError(path: at(name), problem: "required field missing") }
        return v
    }

    func requiredString(_ name: String) throws(ProtoJSONError) -> String {
        guard let s = try optionalString(name) else { throw ProtoJSONError(path: at(name), problem: "required field missing") }
        return s
    }

    func optionalStrings(_ name: String) throws(ProtoJSONError) -> [String]? {
        has(name) ? try strings(name) : nil
    }

    func stringEnum<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(ProtoJSONError) -> E
    where E.RawValue == String {
        let s = try requiredString(name)
        guard let e = E(rawValue: s) else {
            throw ProtoJSONError(path: at(name), problem: "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(s.prefix(40))\"")
        }
        return e
    }

    /// Checks a `kind` discriminator when present.
    func kind(_ expected: String) throws(ProtoJSONError) {
        if let k = try optionalString("kind"), k != expected {
            throw ProtoJSONError(path: at("kind"), problem: "expected \"\(expected)\", found \"\(k.prefix(40))\"")
        }
    }

    func v03Messages<T: A2AV03Codable>(_ name: String, _ type: T.Type = T.self) throws(ProtoJSONError) -> [T]? {
        guard let v = value(name) else { return nil }
        guard case .array(let items) = v else { throw mismatch(name, "an array", v) }
        var out: [T] = []
        for (i, item) in items.enumerated() { out.append(try T(v03JSON: item, path: "\(at(name))[\(i)]")) }
        return out
    }

    func v03Message<T: A2AV03Codable>(_ name: String, _ type: T.Type = T.self) throws(ProtoJSONError) -> T? {
        guard let v = value(name) else { return nil }
        return try T(v03JSON: v, path: at(name))
    }
}

extension ProtoWriter {
    mutating func v03<T: A2AV03Codable>(_ name: String, _ v: T?) {
        if let v { set(name, v.v03JSON) }
    }

    mutating func v03<T: A2AV03Codable>(_ name: String, _ v: [T]?) {
        if let v { set(name, .array(v.map(\.v03JSON))) }
    }

    mutating func optionalStrings(_ name: String, _ v: [String]?) {
        if let v { set(name, .array(v.map { .string($0) })) }
    }
}
