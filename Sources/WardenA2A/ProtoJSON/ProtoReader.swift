import Foundation
import JSONSchema

/// Reads the fields of one proto3 JSON object, each by its JSON name or its proto (snake_case) name.
struct ProtoReader {
    let fields: [String: JSONValue]
    let path: String

    /// - Throws: ``ProtoJSONError`` when `value` is not a JSON object.
    init(_ value: JSONValue, path: String) throws(ProtoJSONError) {
        guard case .object(let o) = value else {
            throw ProtoJSONError(path: path, problem: "expected an object, found \(value.typeName)")
        }
        fields = o
        self.path = path
    }

    func at(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// The raw value of a field; `nil` when absent. `null` is returned as `.null`.
    func raw(_ name: String) -> JSONValue? {
        if let v = fields[name] { return v }
        let snake = Self.snakeCase(name)
        return snake == name ? nil : fields[snake]
    }

    /// The value of a field; `nil` when absent or `null` (proto3 JSON: `null` is the default value).
    func value(_ name: String) -> JSONValue? {
        guard let v = raw(name), v != .null else { return nil }
        return v
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    static func snakeCase(_ camel: String) -> String {
        var out = ""
        for c in camel {
            if c.isUppercase {
                out.append("_")
                out.append(contentsOf: c.lowercased())
            } else {
                out.append(c)
            }
        }
        return out
    }

    // MARK: scalars

    func optionalString(_ name: String) throws(ProtoJSONError) -> String? {
        guard let v = value(name) else { return nil }
        guard case .string(let s) = v else { throw mismatch(name, "a string", v) }
        return s
    }

    func string(_ name: String) throws(ProtoJSONError) -> String { try optionalString(name) ?? "" }

    func optionalBool(_ name: String) throws(ProtoJSONError) -> Bool? {
        guard let v = value(name) else { return nil }
        guard case .bool(let b) = v else { throw mismatch(name, "true or false", v) }
        return b
    }

    func bool(_ name: String) throws(ProtoJSONError) -> Bool { try optionalBool(name) ?? false }

    func optionalInt32(_ name: String) throws(ProtoJSONError) -> Int32? {
        guard let v = value(name) else { return nil }
        let n: JSONNumber?
        switch v {
        case .number(let x): n = x
        case .string(let s): n = JSONNumber(jsonText: s)
        default: n = nil
        }
        guard let n, n.isInteger, let i = n.int64Value, let i32 = Int32(exactly: i) else {
            throw ProtoJSONError(path: at(name), problem: "expected a 32-bit integer, found \(Self.describe(v))")
        }
        return i32
    }

    func int32(_ name: String) throws(ProtoJSONError) -> Int32 { try optionalInt32(name) ?? 0 }

    func optionalBytes(_ name: String) throws(ProtoJSONError) -> Data? {
        guard let v = value(name) else { return nil }
        guard case .string(let s) = v, let d = ProtoBase64.decode(s) else {
            throw ProtoJSONError(path: at(name), problem: "expected base64 bytes, found \(Self.describe(v))")
        }
        return d
    }

    func enumValue<E: ProtoEnum>(_ name: String, _ type: E.Type = E.self) throws(ProtoJSONError) -> E {
        guard let v = value(name) else { return .unspecified }
        return try E.read(v, path: at(name))
    }

    func optionalTimestamp(_ name: String) throws(ProtoJSONError) -> ProtoTimestamp? {
        guard let v = value(name) else { return nil }
        guard case .string(let s) = v, let t = ProtoTimestamp(rfc3339: s) else {
            throw ProtoJSONError(path: at(name), problem: "expected an RFC 3339 date-time such as 2026-01-31T12:00:00Z, found \(Self.describe(v))")
        }
        return t
    }

    // MARK: structured

    /// A `google.protobuf.Struct` field: a JSON object kept as it is.
    func optionalStruct(_ name: String) throws(ProtoJSONError) -> [String: JSONValue]? {
        guard let v = value(name) else { return nil }
        guard case .object(let o) = v else { throw mismatch(name, "an object", v) }
        return o
    }

    func strings(_ name: String) throws(ProtoJSONError) -> [String] {
        guard let v = value(name) else { return [] }
        guard case .array(let items) = v else { throw mismatch(name, "an array of strings", v) }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                throw ProtoJSONError(path: "\(at(name))[\(i)]", problem: "expected a string, found \(item.typeName)")
            }
            out.append(s)
        }
        return out
    }

    func optionalMessage<T: ProtoJSONCodable>(_ name: String, _ type: T.Type = T.self) throws(ProtoJSONError) -> T? {
        guard let v = value(name) else { return nil }
        return try T(protoJSON: v, path: at(name))
    }

    func messages<T: ProtoJSONCodable>(_ name: String, _ type: T.Type = T.self) throws(ProtoJSONError) -> [T] {
        guard let v = value(name) else { return [] }
        guard case .array(let items) = v else { throw mismatch(name, "an array", v) }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            out.append(try T(protoJSON: item, path: "\(at(name))[\(i)]"))
        }
        return out
    }

    func messageMap<T: ProtoJSONCodable>(_ name: String, _ type: T.Type = T.self) throws(ProtoJSONError) -> [String: T] {
        guard let v = value(name) else { return [:] }
        guard case .object(let o) = v else { throw mismatch(name, "an object", v) }
        var out: [String: T] = [:]
        for (k, item) in o {
            out[k] = try T(protoJSON: item, path: "\(at(name))[\(k)]")
        }
        return out
    }

    func stringMap(_ name: String) throws(ProtoJSONError) -> [String: String] {
        guard let v = value(name) else { return [:] }
        guard case .object(let o) = v else { throw mismatch(name, "an object of strings", v) }
        var out: [String: String] = [:]
        for (k, item) in o {
            guard case .string(let s) = item else {
                throw ProtoJSONError(path: "\(at(name))[\(k)]", problem: "expected a string, found \(item.typeName)")
            }
            out[k] = s
        }
        return out
    }

    /// The one field of a oneof that is set, by JSON name; `nil` when none is.
    /// - Throws: when more than one is set, as `ParseDict` does.
    func oneof(_ names: [String], group: String) throws(ProtoJSONError) -> String? {
        let present = names.filter { raw($0) != nil && (raw($0) != .null || $0 == "data") }
        guard present.count <= 1 else {
            throw ProtoJSONError(path: path, problem: "only one of \(names.joined(separator: ", ")) may be set (\(group)), found \(present.joined(separator: " and "))")
        }
        return present.first
    }

    func mismatch(_ name: String, _ expected: String, _ found: JSONValue) -> ProtoJSONError {
        ProtoJSONError(path: at(name), problem: "expected \(expected), found \(found.typeName)")
    }

    static func describe(_ v: JSONValue) -> String {
        if case .string(let s) = v { return "\"\(s.prefix(40))\"" }
        return v.typeName
    }
}
