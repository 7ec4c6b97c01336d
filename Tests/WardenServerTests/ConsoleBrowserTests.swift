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

    @Test("sign in, open the proposal queue, record a decision through the form, see the catalog change live",
          .enabled(if: HeadlessChromium.executable() != nil, "no chromium on PATH (CI installs Debian's chromium; or set CHROMIUM)"))
    func decisionInTheBrowser() async throws {
        let executable = try #require(HeadlessChromium.executable())
        let h = try await ServerHarness()
        try await h.proposeForConsole()
        let chairKey = try await h.addChair()
        let chromium = try HeadlessChromium(executable: executable)
        defer { chromium.stop() }
        let sessions = ConsoleSessions()
        let shots = Self.screenshots
        let logger = h.logger
        try await h.live(console: sessions) { port in
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
                try await page.navigate("\(base)/console/tools")
                #expect(try await page.evaluate("document.documentElement.scrollWidth <= 400").boolValue == true,
                        "the page does not scroll sideways (wide tables scroll in their own box)")
                try await page.screenshot(shots.appendingPathComponent("6-phone-catalog.png"))
            }
        }
        let record = try #require(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: SemanticVersion("1.0.0")!) })
        #expect(record.decision?.decidedBy == "chair")
        #expect(record.decision?.reasons == "Reviewed in the browser")
    }

    @Test("/console/events admits a live console session from the console's own origin, and nothing else")
    func consoleStreamAdmission() async throws {
        let h = try await ServerHarness()
        let sessions = ConsoleSessions()
        let session = sessions.open(key: try #require(h.keys["aud"]))
        try await h.live(console: sessions) { (port: Int) async throws in
            let url = "http://127.0.0.1:\(port)/console/events"
            let cookie = ("Cookie", "\(ConsoleEndpoint.sessionCookie)=\(session.id)")
            #expect(try await h.upgradeRequest(url, key: nil).status == 401)
            #expect(try await h.upgradeRequest(url, key: h.keys["aud"]).status == 401, "a key is not a console session")
            #expect(try await h.upgradeRequest(url, key: nil, headers: [cookie, ("Origin", "http://evil.example")]).status == 403)
            #expect(try await h.upgradeRequest(url, key: nil, headers: [cookie, ("Origin", "http://127.0.0.1:\(port)")]).upgraded)
            sessions.close(session.id)
            #expect(try await h.upgradeRequest(url, key: nil, headers: [cookie]).status == 401, "a closed session is refused")
        }
    }
}
