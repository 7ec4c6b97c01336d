import Foundation
import Hummingbird
import Logging
import NIOCore
import WardenCore
import WardenRuntime
import WardenStore

/// Builds and runs the Warden HTTP server.
public enum WardenApplication {
    /// The router with every endpoint, for a given service.
    /// - Throws: when the shipped OpenAPI document cannot be loaded (a packaging bug).
    public static func router(service: GovernanceService, configuration: WardenConfiguration) throws -> Router<WardenRequestContext> {
        let schemas = try RequestSchemas.load()
        let router = Router(context: WardenRequestContext.self)
        router.add(middleware: RequestEnvelopeMiddleware())
        AdminAPI(service: service, body: JSONBody(schemas: schemas, maxBytes: configuration.maxBodyBytes), schemas: schemas)
            .register(on: router)
        return router
    }

    /// The application, ready to run.
    /// - Parameter onRunning: called with the bound port once the server listens.
    public static func build(service: GovernanceService, configuration: WardenConfiguration, logger: Logger,
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        Application(
            router: try router(service: service, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Warden"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
