import Foundation
import JSONSchema

/// Writes the fields of one proto3 JSON object the way `MessageToDict` does: a field without presence is left
/// out when it holds its default value (unless ``ProtoJSONOptions/emitUnpopulated``); a field with presence
/// (an `optional` scalar, a message, a oneof member) is written whenever it is set.
struct ProtoWriter {
    let options: ProtoJSONOptions
    private(set) var fields: [String: JSONValue] = [:]

    init(_ options: ProtoJSONOptions) {
        self.options = options
    }

    var value: JSONValue { .object(fields) }

    private var all: Bool { options.emitUnpopulated }

    mutating func set(_ name: String, _ v: JSONValue) { fields[name] = v }

    mutating func string(_ name: String, _ v: String) {
        if !v.isEmpty || all { fields[name] = .string(v) }
    }

    mutating func string(_ name: String, _ v: String?) {
        if let v { fields[name] = .string(v) }
    }

    mutating func bool(_ name: String, _ v: Bool) {
        if v || all { fields[name] = .bool(v) }
    }

    mutating func bool(_ name: String, _ v: Bool?) {
        if let v { fields[name] = .bool(v) }
    }

    mutating func int32(_ name: String, _ v: Int32) {
        if v != 0 || all { fields[name] = .number(JSONNumber(Int(v))) }
    }

    mutating func int32(_ name: String, _ v: Int32?) {
        if let v { fields[name] = .number(JSONNumber(Int(v))) }
    }

    mutating func enumValue<E: ProtoEnum>(_ name: String, _ v: E) {
        if v != .unspecified || all { fields[name] = .string(v.rawValue) }
    }

    mutating func timestamp(_ name: String, _ v: ProtoTimestamp?) {
        if let v { fields[name] = .string(v.rfc3339) }
    }

    mutating func structValue(_ name: String, _ v: [String: JSONValue]?) {
        if let v { fields[name] = .object(v) }
    }

    mutating func strings(_ name: String, _ v: [String]) {
        if !v.isEmpty || all { fields[name] = .array(v.map { .string($0) }) }
    }

    mutating func message<T: ProtoJSONCodable>(_ name: String, _ v: T?) {
        if let v { fields[name] = v.protoJSON(options) }
    }

    mutating func messages<T: ProtoJSONCodable>(_ name: String, _ v: [T]) {
        if !v.isEmpty || all { fields[name] = .array(v.map { $0.protoJSON(options) }) }
    }

    mutating func messageMap<T: ProtoJSONCodable>(_ name: String, _ v: [String: T]) {
        if !v.isEmpty || all { fields[name] = .object(v.mapValues { $0.protoJSON(options) }) }
    }

    mutating func stringMap(_ name: String, _ v: [String: String]) {
        if !v.isEmpty || all { fields[name] = .object(v.mapValues { .string($0) }) }
    }
}
