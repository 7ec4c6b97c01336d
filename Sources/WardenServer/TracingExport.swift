import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing
import WardenCore

/// swift-otel's tracer with its OTLP/HTTP exporter, made by `warden serve` when tracing is on.
///
/// The tracer is handed to the engine rather than bootstrapped into the process-wide `InstrumentationSystem`: that
/// would also trace every library's HTTP client, the exporter's own requests included.
struct TracingExport {
    let tracer: any Tracer
    /// Batches and exports the spans. It runs in the server's service group and, shut down after the HTTP server,
    /// flushes the spans of the last calls.
    let service: any Service
    /// Where the spans go (for the log).
    let destination: String

    /// The tracer and its exporter for `settings`; nil when tracing is off.
    /// - Throws: `invalid_input` when the environment asks for an exporter Warden does not have (OTLP/gRPC, console...).
    static func make(_ settings: TracingSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
                     logger: Logger) throws -> TracingExport? {
        guard settings.isEnabled(environment: environment) else { return nil }
        let protocolVariable = ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"].first { environment[$0] != nil }
        if let protocolVariable, environment[protocolVariable]?.lowercased() == "grpc" {
            throw WardenError.invalidInput("\(protocolVariable)=grpc: Warden exports spans over OTLP/HTTP only; set it to http/protobuf "
                + "(or http/json) and point the endpoint at the collector's HTTP port (usually 4318)")
        }
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        // Warden's own logging and metrics (Prometheus) stay as they are: only traces go through OpenTelemetry.
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        if let endpoint = settings.otlpEndpoint {
            configuration.traces.otlpExporter.endpoint = TracingSettings.tracesURL(base: endpoint)
        }
        configuration.traces.sampler = .parentBasedTraceIDRatio(ratio: settings.sampleRatio) ?? .parentBasedAlwaysOn
        do {
            // The OTEL_* environment variables override these settings, as OpenTelemetry specifies.
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            return TracingExport(tracer: backend.factory, service: backend.service, destination: settings.destination(environment: environment))
        } catch {
            throw WardenError.invalidInput("tracing could not start (\(error)); Warden exports spans over OTLP/HTTP only: "
                + "check tracing.otlpEndpoint and the OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER and OTEL_EXPORTER_OTLP_* variables")
        }
    }
}
