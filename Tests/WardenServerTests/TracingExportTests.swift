import Logging
import Testing
import WardenCore
@testable import WardenServer

@Suite("Span export settings")
struct TracingExportTests {
    @Test("off without an endpoint; on with one, posting to /v1/traces of it unless the environment says otherwise")
    func onAndOff() throws {
        let logger = Logger(label: "test")
        #expect(try TracingExport.make(TracingSettings(), environment: [:], logger: logger) == nil)
        var settings = TracingSettings()
        settings.otlpEndpoint = "http://user:pw@127.0.0.1:4318"
        #expect(settings.destination(environment: [:]) == "http://127.0.0.1:4318/v1/traces", "no credentials in the log")
        #expect(settings.destination(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318/"]) == "http://c:4318/v1/traces")
        #expect(settings.destination(environment: ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/t"]) == "http://c:4318/t")
        #expect(try TracingExport.make(settings, environment: ["OTEL_SDK_DISABLED": "true"], logger: logger) == nil)
    }

    @Test("an OTLP/gRPC request from the environment is a clear start-up error, not a crash")
    func grpcIsRefused() {
        var settings = TracingSettings()
        settings.otlpEndpoint = "http://127.0.0.1:4318"
        let e = #expect(throws: WardenError.self) {
            try TracingExport.make(settings, environment: ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"], logger: Logger(label: "test"))
        }
        #expect(e?.code == .invalidInput && e?.message.contains("http/protobuf") == true)
    }
}

