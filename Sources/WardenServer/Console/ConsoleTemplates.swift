import Foundation
import Mustache
import WardenCore

/// The console's Mustache templates and static files, loaded once from the module's resources at start.
struct ConsoleTemplates: Sendable {
    let library: MustacheLibrary
    /// By file name under `/console/static/`: content type and bytes.
    let staticFiles: [String: StaticFile]

    struct StaticFile: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    /// - Throws: `internal` when the resources are missing or a template does not parse (a packaging bug).
    static func load() throws -> ConsoleTemplates {
        guard let dir = Bundle.module.url(forResource: "console", withExtension: nil, subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "console", withExtension: nil)
        else { throw WardenError(.internal, "the console's templates are missing from the bundle") }
        var library = MustacheLibrary()
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw WardenError(.internal, "console template \(name) does not parse: \(error)")
            }
        }
        var files: [String: StaticFile] = [:]
        let staticDir = dir.appendingPathComponent("static")
        for name in (try? fm.contentsOfDirectory(atPath: staticDir.path)) ?? [] {
            let type = name.hasSuffix(".js") ? "text/javascript; charset=utf-8"
                : name.hasSuffix(".css") ? "text/css; charset=utf-8" : "application/octet-stream"
            files[name] = StaticFile(contentType: type, bytes: Array(try Data(contentsOf: staticDir.appendingPathComponent(name))))
        }
        return ConsoleTemplates(library: library, staticFiles: files)
    }

    /// `view` rendered with template `name`.
    func render(_ name: String, _ view: [String: Any]) -> String {
        library.render(view, withTemplate: name) ?? "<!doctype html><p>missing template \(name)</p>"
    }
}
