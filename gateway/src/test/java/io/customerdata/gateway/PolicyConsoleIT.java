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
 * The officers' console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), signing in through the real Keycloak: sam edits a draft and
 * submits it, signs out, sue signs in, simulates carol's view under it and approves it.
 * Screenshots of each step go to {@code target/console-screenshots/}. The context is
 * closed afterwards, freeing the port Keycloak redirects to for the access request
 * console test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "management.server.port=0")
@DirtiesContext
class PolicyConsoleIT {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final String PORT = System.getProperty("it.console.port", "18090");

	static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/console-screenshots"));

	static final String CONSOLE = "http://127.0.0.1:" + PORT + "/console/";

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
	void samSubmitsADraftAndSueApprovesItAfterASimulation() throws IOException {
		this.browser.get(CONSOLE);
		signIn("sam");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("versions")));
		screenshot("1-versions");

		click("new-draft");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("grants")));
		new Select(find("effect-support-sees-crm-revenue-band")).selectByValue("allow");
		assertThat(find("raw").getAttribute("value")).as("the raw editor follows the form")
			.contains("\"effect\": \"allow\"");
		click("validate");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("valid")));
		screenshot("2-draft-edited");
		click("save-submit");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("badge-submitted")));
		String draft = this.browser.getCurrentUrl().replaceAll(".*#/versions/(\\d+).*", "$1");
		assertThat(this.browser.findElements(testId("step-approve"))).as("sam may not approve his own draft").isEmpty();
		screenshot("3-submitted-by-sam");

		click("sign-out");
		signIn("sue");
		this.browser.get(CONSOLE + "#/versions/" + draft);
		this.wait.until(ExpectedConditions.elementToBeClickable(testId("step-approve")));
		find("sim-customer").sendKeys(customer());
		new Select(find("sim-subject")).selectByValue("carol");
		new Select(find("sim-purpose")).selectByValue("support-case");
		click("sim-run");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("sim-more"), "1"));
		assertThat(find("simulation").getText()).contains("sales.annual_revenue").contains("mask:range");
		screenshot("4-simulated-by-sue", "simulation");

		find("comment").sendKeys("Support may see revenue to prioritise, agreed with sales");
		click("step-approve");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(testId("badge-approved")));
		screenshot("5-approved-by-sue");

		JsonNode version = ok(LoopbackClient.on(Integer.parseInt(PORT))
			.get()
			.uri("/admin/policies/" + draft)
			.headers((h) -> h.setBearerAuth(new KeycloakRealm(RealStack.ISSUER).token("sam")))
			.exchange());
		assertThat(version.path("state").asString()).isEqualTo("approved");
		assertThat(version.path("history").findValuesAsString("actor")).containsExactly("sam", "sam", "sam", "sue");
		assertThat(version.at("/history/3/comment").asString()).startsWith("Support may see revenue");
	}

	private void signIn(String user) {
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys(user);
		this.browser.findElement(By.id("password")).sendKeys(KeycloakRealm.DEMO_PASSWORD);
		this.browser.findElement(By.id("kc-login")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("signed-in"), user));
	}

	private static String customer() {
		return "crm:" + RealStack
			.findAccount((a) -> a.path("region").asString().equals("EMEA")
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
