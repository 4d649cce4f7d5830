package io.customerdata.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.customerdata.gateway.testing.KeycloakRealm;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.RealStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Access requests in the console, in a real headless Chromium signing in through the real
 * Keycloak: carol, no security officer, files a request for the deal amounts from "My
 * access"; sam finds it in the queue, sees what approving adds and approves it; carol
 * finds her grant in force, and her next lookup shows the amounts; the insights count the
 * request and her refusal. Screenshots of each step go to
 * {@code target/console-screenshots/}. The context is closed afterwards, so that the
 * policy console's test can have the port that Keycloak redirects to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "management.server.port=0")
@DirtiesContext
class AccessRequestConsoleIT {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final String PORT = System.getProperty("it.console.port", "18090");

	static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/console-screenshots"));

	static final String CONSOLE = "http://127.0.0.1:" + PORT + "/console/";

	static final KeycloakRealm keycloak = new KeycloakRealm(RealStack.ISSUER);

	ChromeDriver browser;

	WebDriverWait wait;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		RealStack.register(registry);
		registry.add("server.port", () -> PORT);
	}

	@BeforeEach
	void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--window-size=1400,1000");
		this.browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void carolFilesARequestFromMyAccessAndSamApprovesItFromTheQueue() throws IOException {
		String customer = customer();
		assertThat(amounts(carolsView(customer))).as("withheld before").isZero();

		this.browser.get(CONSOLE);
		signIn("carol");
		find("request-fields").sendKeys("crm:sales.deals[].amount");
		find("request-purpose").sendKeys("support-case");
		new Select(find("request-duration")).selectByValue("P1D");
		find("request-justification").sendKeys("The customer disputes a renewal amount on ticket 4711.");
		assertThat(this.browser.findElements(testId("nav-my-access"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector("[data-nav='requests']")).isDisplayed())
			.as("no queue for carol")
			.isFalse();
		click("request-file");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("my-requests"), "pending"));
		screenshot("access-1-carol-filed-a-request");

		click("sign-out");
		signIn("sam");
		this.browser.get(CONSOLE + "#/requests");
		WebElement queue = find("queue");
		assertThat(queue.getText()).contains("carol").contains("crm:sales.deals[].amount").contains("support-case");
		screenshot("access-2-sams-queue");
		queue.findElement(By.linkText("carol")).click();
		assertThat(find("request-simulation").getText()).contains("sales.deals[].amount")
			.contains("deny")
			.contains("allow");
		assertThat(find("request-refusals").getText()).as("her lookup above").contains("view");
		screenshot("access-3-what-approving-adds", "request-simulation");
		click("request-approve");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("badge-active")));
		screenshot("access-4-approved-by-sam");
		this.browser.get(CONSOLE + "#/insights?grain=day");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("funnel"), "approved"));
		assertThat(find("funnel").getText()).contains("1\nrequested").contains("1\napproved");
		click("insights-refresh");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("unmet-demand"), "support-agent"));
		assertThat(find("unmet-demand").getText()).as("carol's lookup").contains("sales.deals[].amount");
		screenshot("access-5-insights");

		click("sign-out");
		signIn("carol");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("my-requests"), "in force"));
		screenshot("access-6-carols-grant-in-force");
		assertThat(amounts(carolsView(customer))).as("shown after approval").isPositive();
	}

	private void signIn(String user) {
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys(user);
		this.browser.findElement(By.id("password")).sendKeys(KeycloakRealm.DEMO_PASSWORD);
		this.browser.findElement(By.id("kc-login")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("signed-in"), user));
	}

	private static JsonNode carolsView(String customer) {
		return ok(LoopbackClient.on(Integer.parseInt(PORT))
			.get()
			.uri("/api/v1/customers/{ref}", customer)
			.headers((h) -> {
				h.setBearerAuth(keycloak.token("carol"));
				h.set("X-Purpose", "support-case");
			})
			.exchange());
	}

	private static long amounts(JsonNode view) {
		return view.at("/sales/deals").valueStream().filter((deal) -> deal.has("amount")).count();
	}

	private static String customer() {
		return "crm:" + RealStack
			.findAccount((a) -> a.path("region").asString().equals("EMEA") && a.path("deals").size() > 0
					&& !a.path("classification").asString().equals("restricted"))
			.path("accountId")
			.asString();
	}

	private WebElement find(String testId) {
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(testId(testId)));
	}

	private void click(String testId) {
		this.wait.until(ExpectedConditions.elementToBeClickable(testId(testId))).click();
	}

	private static By testId(String testId) {
		return By.cssSelector("[data-testid='" + testId + "']");
	}

	/** The window, scrolled to show the element first. */
	private void screenshot(String name, String testId) throws IOException {
		this.browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", find(testId));
		screenshot(name);
	}

	private void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), this.browser.getScreenshotAs(OutputType.BYTES));
	}

}
