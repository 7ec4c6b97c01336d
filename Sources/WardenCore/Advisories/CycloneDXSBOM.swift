import Foundation
import JSONSchema

/// The dependencies listed in a CycloneDX JSON SBOM (spec versions 1.4 to 1.6).
///
/// Every component with a `purl`, at any depth of nested `components`, becomes a ``PackageDependency``
/// when its purl type is one Warden matches and it has a version; every other component is listed in
/// ``skipped`` with the reason. The SBOM's subject (`metadata.component`) is not a dependency and is
/// not read.
public struct CycloneDXSBOM: Sendable, Equatable {
    /// A component that produced no dependency, and why.
    public struct SkippedComponent: Sendable, Equatable, CustomStringConvertible {
        /// The component's `bom-ref`, else `name` (with `version`), else its JSON path.
        public var component: String
        /// The component's purl, when it has one.
        public var purl: String?
        /// Why it produced no dependency.
        public var reason: String

        public var description: String { "\(component): \(reason)" }
    }

    /// The document's `specVersion` (`1.4`, `1.5`, `1.6`).
    public var specVersion: String
    /// The dependencies, each once, in document order.
    public var dependencies: [PackageDependency]
    /// Components that produced no dependency (no purl, an unmatched purl type, no version).
    public var skipped: [SkippedComponent]

    /// The spec versions this reader accepts.
    public static let supportedSpecVersions: Set<String> = ["1.4", "1.5", "1.6"]

    /// Reads a CycloneDX JSON document.
    /// - Throws: ``AdvisoryError/invalidSBOM(reason:)`` for invalid JSON, a `bomFormat` other than
    ///   `CycloneDX`, an unsupported `specVersion`, or `components` that are not arrays of objects.
    public init(data: Data) throws {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch let error as JSONParseError {
            throw AdvisoryError.invalidSBOM(reason: error.description)
        }
        try self.init(json: json)
    }

    /// Reads a CycloneDX document already parsed as JSON; see ``init(data:)``.
    public init(json: JSONValue) throws {
        guard let top = json.objectValue else { throw AdvisoryError.invalidSBOM(reason: "expected a JSON object, found \(json.typeName)") }
        guard top["bomFormat"]?.stringValue == "CycloneDX" else {
            throw AdvisoryError.invalidSBOM(reason: "bomFormat must be \"CycloneDX\"")
        }
        guard let spec = top["specVersion"]?.stringValue else { throw AdvisoryError.invalidSBOM(reason: "specVersion is missing") }
        guard Self.supportedSpecVersions.contains(spec) else {
            throw AdvisoryError.invalidSBOM(reason: "specVersion \(AdvisoryError.clip(spec)) is not supported (1.4, 1.5 or 1.6)")
        }
        specVersion = spec
        var collector = Collector()
        try collector.walk(top["components"], path: "components", depth: 0)
        dependencies = collector.dependencies
        skipped = collector.skipped
    }

    private struct Collector {
        var dependencies: [PackageDependency] = []
        var seen = Set<PackageDependency>()
        var skipped: [SkippedComponent] = []

        /// Nesting deeper than this is not a real SBOM; refusing it bounds the work.
        static let maxDepth = 64

        mutating func walk(_ value: JSONValue?, path: String, depth: Int) throws {
            guard let value, value != .null else { return }
            guard depth < Self.maxDepth else { throw AdvisoryError.invalidSBOM(reason: "\(path) is nested more than \(Self.maxDepth) levels deep") }
            guard let components = value.arrayValue else { throw AdvisoryError.invalidSBOM(reason: "\(path) must be an array") }
            for (i, element) in components.enumerated() {
                let here = "\(path)[\(i)]"
                guard let component = element.objectValue else { throw AdvisoryError.invalidSBOM(reason: "\(here) must be an object") }
                take(component, path: here)
                try walk(component["components"], path: "\(here).components", depth: depth + 1)
            }
        }

        mutating func take(_ component: [String: JSONValue], path: String) {
            let label = Self.label(component, path: path)
            guard let purl = component["purl"]?.stringValue, !purl.isEmpty else {
                skipped.append(SkippedComponent(component: label, purl: nil, reason: "it has no purl"))
                return
            }
            do {
                let dependency = try PackageURL(purl).dependency()
                if seen.insert(dependency).inserted { dependencies.append(dependency) }
            } catch let error as AdvisoryError {
                skipped.append(SkippedComponent(component: label, purl: purl, reason: error.description))
            } catch {
                skipped.append(SkippedComponent(component: label, purl: purl, reason: "\(error)"))
            }
        }

        static func label(_ component: [String: JSONValue], path: String) -> String {
            if let ref = component["bom-ref"]?.stringValue, !ref.isEmpty { return ref }
            if let name = component["name"]?.stringValue, !name.isEmpty {
                return component["version"]?.stringValue.map { "\(name)@\($0)" } ?? name
            }
            return path
        }
    }
}
