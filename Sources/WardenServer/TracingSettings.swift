import Foundation
import WardenCore

/// Span export, the configuration file's `tracing:` section: OTLP over HTTP to a collector. Off unless an endpoint is
/// configured here or in the environment (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), as
/// OpenTelemetry users expect; the other `OTEL_*` variables (sampler, batch delay, headers...) apply too.
public struct TracingSettings: Sendable, Equatable {
    /// The collector's OTLP/HTTP base URL, e.g. `http://127.0.0.1:4318`; spans are posted to `<otlpEndpoint>/v1/traces`.
    public var otlpEndpoint: String?
    /// The `service.name` of the exported spans.
    public var serviceName = "warden"
    /// The share of new traces recorded, 0 to 1; a caller's `traceparent` sampled flag is followed either way.
    public var sampleRatio = 1.0

    public init() {}

    /// The environment variables that turn export on without a configured endpoint.
    static let endpointVariables = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"]

    /// Whether spans are exported: an endpoint is configured or in the environment, and `OTEL_SDK_DISABLED` is not true.
    public func isEnabled(environment: [String: String]) -> Bool {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        return otlpEndpoint != nil || Self.endpointVariables.contains { !(environment[$0] ?? "").isEmpty }
    }

    /// Where the spans go, as OpenTelemetry resolves it: the traces variable as it is, else the shared variable's
    /// `/v1/traces`, else this configuration's; user information (credentials) left out.
    func destination(environment: [String: String]) -> String {
        let url: String
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty {
            url = traces
        } else if let shared = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !shared.isEmpty {
            url = Self.tracesURL(base: shared)
        } else {
            url = otlpEndpoint.map(Self.tracesURL(base:)) ?? "http://localhost:4318/v1/traces"
        }
        return Self.withoutUserInfo(url)
    }

    /// `base` with the OTLP/HTTP traces path.
    static func tracesURL(base: String) -> String { base.hasSuffix("/") ? base + "v1/traces" : base + "/v1/traces" }

    static func withoutUserInfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(rest[rest.index(after: at)...])
    }

    /// The settings for the `config.loaded` digest.
    var canonicalSummary: [String: JSONValue] {
        var o: [String: JSONValue] = ["serviceName": .string(serviceName), "sampleRatio": .number(JSONNumber(sampleRatio))]
        if let otlpEndpoint { o["otlpEndpoint"] = .string(otlpEndpoint) }
        return o
    }
}
