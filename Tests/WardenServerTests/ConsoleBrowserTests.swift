import Foundation
import Hummingbird
import Logging
import Testing
import WardenCore
import WardenRuntime
@testable import WardenServer

/// The console in a real browser: headless Debian chromium over the DevTools protocol against a live loopback server.
@Suite("console in a browser", .serialized)
struct ConsoleBrowserTests {
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/console-screenshots")

    @Test("sign in, open the proposal queue, record a decision through the form, see the catalog change live")
    func decisionInTheBrowser() async throws {
        guard let executable = HeadlessChromium.executable() else {
            print("skipped: no chromium on PATH (CI installs Debian's chromium; set CHROMIUM to its path)")
            return
        }
        let h = try await ServerHarness()
        try await h.proposeForConsole()
        let chairKey = try await h.addChair()
        var logger = Logger(label: "warden-console-browser")
        logger.logLevel = .warning
        let chromium = try HeadlessChromium(executable: executable)
        defer { chromium.stop() }
        let sessions = ConsoleSessions()
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: try WardenApplication.router(engine: h.engine, configuration: h.configuration, console: sessions),
            server: try WardenApplication.server(configuration: h.configuration, engine: h.engine, logger: logger, console: sessions),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let shots = Self.screenshots
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw WardenError(.internal, "the server did not start") }
            let base = "http://127.0.0.1:\(port)"
            try await chromium.withPage(logger: logger) { page in
                try await page.navigate("\(base)/console/sign-in")
                #expect(try await page.evaluate("document.title").stringValue == "Sign in · Warden")
                try await page.evaluate("""
                    document.querySelector('input[name=key]').value = \(JSONValue.string(chairKey).canonicalString);
                    document.querySelector('form').submit(); true
                    """)
                #expect(try await page.waitUntil("location.pathname === '/console/tools' && document.readyState === 'complete'"))
                try await page.screenshot(shots.appendingPathComponent("1-catalog.png"))
                // HttpOnly: the page's script cannot read the session cookie.
                #expect(try await page.evaluate("document.cookie").stringValue == "")

                try await page.navigate("\(base)/console/proposals")
                #expect(try await page.evaluate("document.querySelector('[data-proposal=\"weather.lookup@1.0.0\"]') !== null").boolValue == true)
                try await page.screenshot(shots.appendingPathComponent("2-proposals.png"))
                try await page.evaluate("document.querySelector('[data-proposal=\"weather.lookup@1.0.0\"] a').click(); true")
                #expect(try await page.waitUntil("location.pathname === '/console/tools/weather.lookup/versions/1.0.0' && document.readyState === 'complete'"))
                try await page.evaluate("""
                    const f = document.querySelector('#decision-form form');
                    f.querySelector('[name=outcome]').value = 'approved';
                    f.querySelector('[name=reasons]').value = 'Reviewed in the browser';
                    f.submit(); true
                    """)
                #expect(try await page.waitUntil("location.search === '?done=decision' && document.readyState === 'complete'"))
                #expect(try await page.evaluate("document.body.innerText.includes('Decision recorded.')").boolValue == true)
                try await page.screenshot(shots.appendingPathComponent("3-decided.png"))

                try await page.navigate("\(base)/console/tools")
                #expect(try await page.evaluate("document.querySelector('tr[data-tool=\"weather.lookup\"] .state').textContent").stringValue == "approved")
                #expect(try await page.evaluate("document.body.innerText.includes('<script>alert(1)</script>')").boolValue == true,
                        "the hostile title shows as text")
                #expect(try await page.waitUntil("document.body.getAttribute('data-stream') === 'live'"), "the live stream connected")
                // Activated elsewhere (the admin API's service): the catalog changes without a reload.
                try await page.evaluate("window.notReloaded = true; true")
                _ = try await h.service.transition(try await h.context("admin"), name: "weather.lookup", .init(action: .activate))
                #expect(try await page.waitUntil("document.querySelector('tr[data-tool=\"weather.lookup\"] .state').textContent === 'active'"))
                #expect(try await page.evaluate("window.notReloaded === true && Number(document.body.getAttribute('data-updates')) >= 1").boolValue == true)
                try await page.screenshot(shots.appendingPathComponent("4-live-update.png"))

                // The plots of a tool that was called: calls, error rate and latency as inline SVG.
                for _ in 0..<20 { _ = try await h.callTime(as: "bot") }
                try await page.navigate("\(base)/console/tools/time.now")
                #expect(try await page.evaluate("document.querySelectorAll('.plots svg polyline').length >= 3").boolValue == true)
                try await page.screenshot(shots.appendingPathComponent("5-tool-plots.png"))
                // A phone's width.
                try await page.send("Emulation.setDeviceMetricsOverride", ["width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true])
                try await page.navigate("\(base)/console/proposals")
                #expect(try await page.evaluate("document.documentElement.scrollWidth <= 400").boolValue == true, "no sideways scrolling")
                try await page.screenshot(shots.appendingPathComponent("6-phone-proposals.png"))
            }
        }
        let record = try #require(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: SemanticVersion("1.0.0")!) })
        #expect(record.decision?.decidedBy == "chair")
        #expect(record.decision?.reasons == "Reviewed in the browser")
    }
}
