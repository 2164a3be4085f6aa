package dev.orbiter.train.trainerservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.orbiter.train.testkit.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a person uses it, in a real headless browser: open the page, submit a GRPO job
 * from its form, watch the learning curves grow from the server-sent events, see the job complete,
 * find the held-out accuracy next to the training one and move the smoothing control.
 * The screenshot is saved as {@code target/dashboard/dashboard.png}.
 */
@QuarkusTest
@QuarkusTestResource(OrbiterQuarkusTestResource.class)
class DashboardIT {

    @TestHTTPResource("/")
    URL page;

    @Test
    void aJobSubmittedFromTheDashboardDrawsGrowingCurvesUntilItCompletes() throws Exception {
        MathDataset.snapshot();
        Path out = Path.of("target", "dashboard");
        try (HeadlessChromium browser = HeadlessChromium.start(out.resolve("profile"))) {
            browser.open(page + "?key=" + TrainerServiceIT.KEY);
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval("typeof Chart !== 'undefined' && "
                    + "document.getElementById('jobs') !== null").asBoolean());

            // When the form is filled in and submitted, as a person would
            browser.eval("document.getElementById('dataset').value = 'math';"
                    + "document.getElementById('kind').value = 'grpo';"
                    + "document.getElementById('epochs').value = '25';"
                    + "document.getElementById('submit-button').click(); true");

            // Then the curves grow while the job trains (the page is read a few times a second until the end)
            java.util.List<Integer> seen = new java.util.ArrayList<>();
            try {
                await().atMost(HeadlessChromium.timeout()).pollInterval(Duration.ofMillis(150)).until(() -> {
                    seen.add(points(browser));
                    return browser.eval("[...document.querySelectorAll('#jobs tr.selected td')]"
                            + ".map(t => t.textContent).join('|')").asText().contains("|completed|");
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                browser.screenshot(out.resolve("dashboard-failure.png"));
                throw new AssertionError("the job did not complete on the page; it says: "
                        + browser.eval("document.body.innerText").asText(), e);
            }
            seen.add(points(browser));
            assertThat(seen.stream().distinct().filter(n -> n > 0).count()).as("distinct growing counts " + seen)
                    .isGreaterThanOrEqualTo(3);
            assertThat(seen).isSorted();
            assertThat(browser.eval("document.getElementById('error').textContent").asText()).isEmpty();
            assertThat(browser.eval("charts['c-acc'].data.datasets.map(d => d.data.length).reduce((a, b) => a + b, 0)")
                    .asInt()).as("accuracy points").isPositive();
            // And the accuracy chart holds the held-out curve next to the training one
            assertThat(browser.eval("charts['c-acc'].data.datasets.filter(d => d.raw && d.raw.data.length > 0)"
                    + ".map(d => d.label).join('|')").asText().split("\\|")).contains("train train/accuracy", "train val/accuracy");

            // When the smoothing is moved, as a person would, Then the drawn loss is the debiased EMA of the raw values
            browser.eval("const s = document.getElementById('smoothing'); s.value = '0.9';"
                    + "s.dispatchEvent(new Event('input')); true");
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.eval("(() => { const d = charts['c-loss'].data.datasets"
                    + ".find(d => d.raw); const r = d.raw.data; let last = 0; return r.length > 2 && r.every((p, i) => {"
                    + " last = last * 0.9 + 0.1 * p.y; return Math.abs(d.data[i].y - last / (1 - Math.pow(0.9, i + 1))) < 1e-9; })"
                    + " && d.data.some((p, i) => Math.abs(p.y - r[i].y) > 1e-9); })()").asBoolean());
            assertThat(browser.eval("document.getElementById('smoothing-value').textContent").asText()).isEqualTo("0.9");
            browser.screenshot(out.resolve("dashboard.png"));
        }
        assertThat(Files.size(out.resolve("dashboard.png"))).isGreaterThan(10_000);
    }

    private static int points(HeadlessChromium browser) throws Exception {
        return Integer.parseInt(browser.eval("document.getElementById('points').textContent").asText());
    }
}
